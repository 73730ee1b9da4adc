#!/usr/bin/env bash
# Installs other OpenCL implementations beside PoCL, each the way that works on Debian 12, under
# one prefix, without registering anything system-wide (/etc/OpenCL/vendors is left as it is):
#
#   intel-cpu       Intel's CPU runtime: PyPI intel-opencl-rt + intel-cmplr-lib-rt in a venv
#                   (libintelocl.so needs libimf/libsvml/libirng/libintlc from the latter; without
#                   it the platform silently does not appear)
#   intel-fpga-emu  Intel's FPGA Emulation Platform: intel-opencl-fpga-emu-rt 2025.0.5 with the
#                   matching intel-opencl-rt and intel-cmplr-lib-rt 2025.0.5 in a venv of its own
#   rusticl         Mesa's rusticl on llvmpipe: Debian's mesa-opencl-icd, unpacked into the prefix
#                   (installing it would upgrade the system's Mesa libraries), its missing
#                   dependencies from apt; needs RUSTICL_ENABLE=llvmpipe
#   oclgrind        Debian's oclgrind (a simulator that checks kernels for out-of-bounds accesses
#                   and races): run a command under it, `oclgrind build/sparsebench run ...`; it is
#                   not added to the ICD folder, so it never joins a `--device all` run by accident
#
# Each platform gets an ICD file in <prefix>/icd/ (beside a copy of pocl.icd), and <prefix>/env
# holds the variables that make them visible: `. <prefix>/env` (OCL_ICD_VENDORS=<prefix>/icd,
# RUSTICL_ENABLE=llvmpipe). Running it again installs only what is missing.
#
# usage: tools/install-vendors.sh [--prefix DIR] [intel-cpu] [intel-fpga-emu] [rusticl] [oclgrind]
#        (no name: all four). Default prefix: $SPARSEBENCH_VENDORS, else /opt/sparsebench-vendors
#        as root, else ${XDG_DATA_HOME:-~/.local/share}/sparsebench/vendors.
set -euo pipefail

INTEL_CPU_VERSION=2026.2.0
FPGA_EMU_VERSION=2025.0.5

usage() { sed -n '/^# usage:/,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; }

prefix="${SPARSEBENCH_VENDORS:-}"
if [ -z "$prefix" ]; then
    if [ "$(id -u)" -eq 0 ]; then prefix=/opt/sparsebench-vendors
    else prefix="${XDG_DATA_HOME:-$HOME/.local/share}/sparsebench/vendors"; fi
fi
want=()
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { usage >&2; exit 2; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        -h|--help) usage; exit 0 ;;
        intel-cpu|intel-fpga-emu|rusticl|oclgrind) want+=("$1"); shift ;;
        all) want+=(intel-cpu intel-fpga-emu rusticl oclgrind); shift ;;
        *) echo "install-vendors: unknown implementation or option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
[ ${#want[@]} -gt 0 ] || want=(intel-cpu intel-fpga-emu rusticl oclgrind)
mkdir -p "$prefix/icd"
prefix=$(cd "$prefix" && pwd)
icd="$prefix/icd"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
say() { echo "install-vendors: $*"; }

# apt_missing PKG...: installs those not installed yet (never upgrades what is there)
apt_updated=0
apt_missing() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    say "apt-get install ${missing[*]}"
    if [ "$apt_updated" = 0 ]; then $sudo_cmd apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# venv DIR PIP-SPEC...: a venv at DIR holding these pinned packages (pip only when one is missing)
venv() {
    local dir=$1 spec missing=0
    shift
    if [ -x "$dir/bin/python" ]; then
        local have
        have=$("$dir/bin/python" -m pip freeze 2>/dev/null | tr '_A-Z' '-a-z')
        for spec in "$@"; do
            grep -qxF -- "$(echo "$spec" | tr '_A-Z' '-a-z')" <<<"$have" || missing=1
        done
        if [ "$missing" = 0 ]; then say "$(basename "$dir"): already installed ($*)"; return 0; fi
    fi
    if ! python3 -m venv --help >/dev/null 2>&1; then apt_missing python3-venv; fi
    [ -x "$dir/bin/python" ] || python3 -m venv "$dir"
    say "$(basename "$dir"): pip install $* (a few hundred MB)"
    "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@"
}

# icd_file NAME LIBRARY: the ICD file in the prefix; the library must exist
icd_file() {
    [ -e "$2" ] || { echo "install-vendors: $1: $2 is missing after the install" >&2; exit 1; }
    echo "$2" > "$icd/$1.icd"
}

for name in "${want[@]}"; do
    case "$name" in
    intel-cpu)
        venv "$prefix/intel-cpu" "intel-opencl-rt==$INTEL_CPU_VERSION" "intel-cmplr-lib-rt==$INTEL_CPU_VERSION"
        icd_file intel-cpu "$prefix/intel-cpu/lib/libintelocl.so" ;;
    intel-fpga-emu)
        venv "$prefix/intel-fpga-emu" "intel-opencl-fpga-emu-rt==$FPGA_EMU_VERSION" \
            "intel-opencl-rt==$FPGA_EMU_VERSION" "intel-cmplr-lib-rt==$FPGA_EMU_VERSION"
        icd_file intel-fpga-emu "$prefix/intel-fpga-emu/lib/libintelocl_emu.so" ;;
    rusticl)
        lib="$prefix/rusticl/usr/lib/x86_64-linux-gnu/libRusticlOpenCL.so.1"
        if [ ! -e "$lib" ]; then
            apt_missing ca-certificates
            tmp=$(mktemp -d)
            if [ "$apt_updated" = 0 ]; then $sudo_cmd apt-get update -qq; apt_updated=1; fi
            (cd "$tmp" && apt-get download -q mesa-opencl-icd 2>/dev/null)
            deb=$(ls "$tmp"/mesa-opencl-icd_*.deb)
            # its dependencies that are missing (first of each alternative), never the Mesa libraries
            deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g')
            # shellcheck disable=SC2086
            apt_missing $deps
            mkdir -p "$prefix/rusticl"
            dpkg-deb -x "$deb" "$prefix/rusticl"
            rm -rf "$tmp"
            say "rusticl: $(basename "$deb") unpacked into $prefix/rusticl"
        else
            say "rusticl: already installed"
        fi
        icd_file rusticl "$lib" ;;
    oclgrind)
        apt_missing oclgrind
        say "oclgrind: run a command under it, e.g. oclgrind build/sparsebench run CONFIG --device oclgrind" ;;
    esac
done

# pocl beside them, so OCL_ICD_VENDORS=<prefix>/icd still shows the CPU through PoCL
if [ -e /etc/OpenCL/vendors/pocl.icd ]; then cp /etc/OpenCL/vendors/pocl.icd "$icd/"; fi
# a package that dropped an ICD file system-wide does not stay there: it would change every other
# OpenCL program's platform list on this machine
for f in /etc/OpenCL/vendors/mesa.icd /etc/OpenCL/vendors/rusticl.icd; do
    if [ -e "$f" ]; then
        say "moving $f into $icd/ (this script registers nothing system-wide)"
        $sudo_cmd mv "$f" "$icd/$(basename "$f").system"
    fi
done

cat > "$prefix/env" <<EOF
# OpenCL implementations installed by sparsebench's tools/install-vendors.sh: source this file.
export OCL_ICD_VENDORS="$icd"
export RUSTICL_ENABLE=llvmpipe
EOF
say "ICD files in $icd: $(cd "$icd" && ls | tr '\n' ' ')"
say "to use them: . $prefix/env   (or:  export OCL_ICD_VENDORS=$icd RUSTICL_ENABLE=llvmpipe)"
cat "$prefix/env"
