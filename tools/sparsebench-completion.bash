# bash completion for sparsebench (installed as share/bash-completion/completions/sparsebench;
# from a source tree: `source tools/sparsebench-completion.bash`).
# Commands and options come from sparsebench's own --help, devices from `sparsebench devices`,
# configs from the data directory's configs/ (by name: `sparsebench run quick`) and *.yaml files.

# The data directory beside this script: <prefix>/share/sparsebench when installed, the source
# tree when sourced from tools/; SPARSEBENCH_HOME wins, as it does for sparsebench itself.
_sparsebench_script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" 2>/dev/null && pwd)

_sparsebench_home() {
    if [ -n "${SPARSEBENCH_HOME:-}" ]; then
        printf '%s\n' "$SPARSEBENCH_HOME"
    elif [ -d "$_sparsebench_script_dir/../../sparsebench/configs" ]; then
        printf '%s\n' "$_sparsebench_script_dir/../../sparsebench"
    else
        printf '%s\n' "$_sparsebench_script_dir/.."
    fi
}

# The commands, from the "commands:" block of `sparsebench --help`.
_sparsebench_commands() {
    "$1" --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'
}

# "--name=ARG" or "--name" for each option of a command, from `sparsebench CMD --help`.
_sparsebench_options() {
    "$1" "$2" --help 2>/dev/null | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-zA-Z][a-zA-Z-]*\(=[^ ]*\)\{0,1\}\).*/\2/p'
}

# Device selectors: the indices and stable ids `sparsebench devices` lists, and the type words.
_sparsebench_devices() {
    printf '%s\n' all gpu cpu accelerator
    "$1" devices 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+:[0-9]+$/ { print $1; print $2 }'
}

# Config names in the data directory's configs/.
_sparsebench_configs() {
    local f
    for f in "$(_sparsebench_home)"/configs/*.yaml; do
        [ -e "$f" ] || continue
        f=${f##*/}
        printf '%s\n' "${f%.yaml}"
    done
}

_sparsebench() {
    local sb=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
    # "--opt=VALUE": bash splits at '=' (COMP_WORDBREAKS), so the option is one or two words back
    if [ "$cur" = "=" ]; then
        cur=
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    COMPREPLY=()
    local IFS=$'\n'

    if [ "$COMP_CWORD" -le 1 ]; then
        COMPREPLY=($(compgen -W "$(_sparsebench_commands "$sb")"$'\n'help$'\n'--help$'\n'--version -- "$cur"))
        return 0
    fi
    local cmd=${COMP_WORDS[1]}
    if [ "$cmd" = help ]; then
        [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(_sparsebench_commands "$sb")" -- "$cur"))
        return 0
    fi

    local opts arg=
    opts=$(_sparsebench_options "$sb" "$cmd")
    # the value of an option: what its ARG placeholder in --help says it is
    if [[ "$prev" == --* ]]; then
        arg=$(printf '%s\n' "$opts" | sed -n "s/^${prev}=//p" | head -n 1)
    elif [[ "$prev" == -? ]]; then
        arg=$("$sb" "$cmd" --help 2>/dev/null | sed -n "s/^ *${prev}, --[a-z-]*=\([^ ]*\).*/\1/p" | head -n 1)
    fi
    case "$arg" in
    SEL) COMPREPLY=($(compgen -W "$(_sparsebench_devices "$sb")" -- "$cur")); return 0 ;;
    DIR) COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;
    FILE*) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
    NAME) [ "$prev" = --profile ] &&
              COMPREPLY=($(cd "$(_sparsebench_home)/platforms" 2>/dev/null &&
                           compgen -G '*.yaml' | sed 's/\.yaml$//' | grep -- "^$cur"))
          return 0 ;;
    ?*) return 0 ;; # a number or a list: nothing to offer
    esac

    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$opts" | sed 's/=.*//')"$'\n'--help$'\n'--version -- "$cur"))
        return 0
    fi
    case "$cmd" in
    run | tune | build) # a config: by name, or a .yaml file
        COMPREPLY=($(compgen -W "$(_sparsebench_configs)" -- "$cur")
                   $(compgen -f -X '!*.yaml' -- "$cur") $(compgen -d -- "$cur")) ;;
    report) COMPREPLY=($(compgen -d -- "$cur")) ;; # result directories
    esac
    return 0
}
complete -F _sparsebench sparsebench
