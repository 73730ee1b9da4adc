# Makes the man page sparsebench.1 from the binary's own help, so it never drifts from it:
# help2man turns `sparsebench --help` into NAME/SYNOPSIS/DESCRIPTION/OPTIONS, and a COMMANDS
# section holds every `sparsebench COMMAND --help` (the commands are read from --help).
# Called at build time with SB_BIN, HELP2MAN and OUTPUT.
execute_process(COMMAND ${SB_BIN} --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SB_BIN} --help failed (${rc})")
endif()
string(REGEX MATCH "\ncommands:\n(  [^\n]*\n)+" block "${top}")
string(REGEX MATCHALL "\n  [a-z]+ " names "${block}")

# roff: a backslash is \e, a minus is \- (so options can be copied), a line may not start with . or '
function(roff_escape text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(include "[COMMANDS]\n")
foreach(n ${names})
  string(STRIP "${n}" name)
  execute_process(COMMAND ${SB_BIN} ${name} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${SB_BIN} ${name} --help failed (${rc})")
  endif()
  roff_escape("${help}" help)
  string(APPEND include ".SS \"sparsebench ${name}\"\n.nf\n${help}.fi\n")
endforeach()
string(APPEND include "[FILES]\n"
  ".TP\n.I <prefix>/share/sparsebench/\nkernels (cl_kernels/), device profiles (platforms/), "
  "experiments (configs/; \\fBsparsebench run quick\\fR runs configs/quick.yaml)\n"
  ".TP\n.I ~/.cache/sparsebench/\npeaks, compiled programs, tuning databases (SPARSEBENCH_CACHE)\n"
  "[SEE ALSO]\nREADME.md, configs/README.md and platforms/README.md in the source tree.\n")
get_filename_component(dir ${OUTPUT} DIRECTORY)
file(WRITE ${dir}/sparsebench-man.include "${include}")
execute_process(COMMAND ${HELP2MAN} --no-info --section=1
                        --name=sparse\ vs\ dense\ layers\ on\ every\ OpenCL\ device
                        --include=${dir}/sparsebench-man.include --output=${OUTPUT} ${SB_BIN}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (${rc})")
endif()
