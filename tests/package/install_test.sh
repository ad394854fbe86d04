#!/usr/bin/env bash
# install_test.sh CPACK CPACK_CONFIG VERSION APP_ID LICENSE SESSION_MIME_TYPE
# Builds the .deb from the already built tree, unpacks it into an empty root, and checks what a
# user would get: control fields, file list, stripped binary with its -dbgsym, the binary running
# from there, and the AppStream, desktop and MIME files through their own validators.
set -euo pipefail
cpack=$1 config=$2 version=$3 app_id=$4 license=$5 mime_type=$6

fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
arch=$(dpkg --print-architecture)

# 1. The package, into a folder of its own so a developer's build/package is left alone.
echo "$(date +%T) cpack"
"$cpack" -G DEB --config "$config" -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb="$work/out/callconsole_${version}_${arch}.deb"
ddeb="$work/out/callconsole-dbgsym_${version}_${arch}.ddeb"
[ -f "$deb" ] || fail "no $(basename "$deb") in: $(ls "$work/out")"
[ -f "$ddeb" ] || fail "no debug symbols package $(basename "$ddeb") in: $(ls "$work/out")"

echo "$(date +%T) checks"
# 2. Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = callconsole ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', project() says $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)'"
for f in Maintainer Homepage Section Priority Description; do
  [ -n "$(field "$f")" ] || fail "control field $f is empty"
done
[ "$(field Recommends)" = "nodejs | python3" ] || fail "Recommends is '$(field Recommends)'"
depends=$(field Depends)
# shlibdeps' part (the libraries the binary links) and what it cannot see (plugins).
for p in libqt6core6 libqt6widgets6 libqt6httpserver6 libphonenumber libjemalloc2 libc6 qt6-qpa-plugins libqt6sql6-sqlite; do
  [[ ", $depends" == *", $p"* ]] || fail "Depends lacks $p: $depends"
done
# Every dependency must be installable: here, each is satisfied by an installed package.
dpkg-query -W -f='${db:Status-Abbrev} ${Provides}\n' | sed -n 's/^ii  *//p' | tr ',' '\n' \
  | sed -E 's/^ *([^ (]+).*/\1/' | grep -v '^$' | sort -u >"$work/provided"
IFS=',' read -ra deps <<<"$depends"
for dep in "${deps[@]}"; do
  ok=0
  IFS='|' read -ra alternatives <<<"$dep"
  for alt in "${alternatives[@]}"; do
    name=$(sed -E 's/^ *([^ (]+).*/\1/' <<<"$alt")
    installed=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null | sed -n 's/^install ok installed //p')
    if [ -z "$installed" ]; then
      # A virtual package (libphonenumber8-protobuf32): provided by an installed one, unversioned.
      grep -qx "$name" "$work/provided" && [[ "$alt" != *'('* ]] && ok=1
      continue
    fi
    if [[ "$alt" =~ \(([<>=]+)\ *([^\)]+)\) ]]; then
      op=${BASH_REMATCH[1]}
      case $op in '>=') op=ge ;; '<=') op=le ;; '>>') op=gt ;; '<<') op=lt ;; '=') op=eq ;; esac
      dpkg --compare-versions "$installed" "$op" "${BASH_REMATCH[2]}" || continue
    fi
    ok=1
  done
  [ $ok = 1 ] || fail "dependency '$dep' is not satisfied by any installed package"
done

# 3. Unpacked into an empty root: the file list.
root="$work/root"
dpkg-deb -x "$deb" "$root"
expected=(
  usr/bin/callconsole
  "usr/share/applications/$app_id.desktop"
  "usr/share/metainfo/$app_id.metainfo.xml"
  "usr/share/icons/hicolor/scalable/apps/$app_id.svg"
  "usr/share/mime/packages/$app_id.xml"
  usr/share/man/man1/callconsole.1
  usr/share/bash-completion/completions/callconsole
  usr/share/zsh/vendor-completions/_callconsole
  usr/share/doc/callconsole/copyright
  usr/share/callconsole/aws/relay.py
  usr/share/callconsole/aws/template.yaml
  usr/share/callconsole/aws/README.md
  usr/share/callconsole/handler/node-runtime.js
  usr/share/callconsole/handler/python-runtime.py
)
for size in 16 32 48 64 128 256; do expected+=("usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"); done
for f in "${expected[@]}"; do [ -f "$root/$f" ] || fail "the package lacks /$f"; done
unexpected=$(cd "$root" && find . -type f | sed 's|^\./||' | sort | comm -23 - <(printf '%s\n' "${expected[@]}" | sort))
[ -z "$unexpected" ] || fail "the package carries files nobody asked for: $unexpected"

# 4. Stripped, with its debug information in the -dbgsym package under its build id.
binary="$root/usr/bin/callconsole"
readelf -S "$binary" | grep -q '\.debug_info' && fail "the installed binary still carries .debug_info"
readelf -S "$binary" | grep -q '\.gnu_debuglink' || fail "the installed binary has no .gnu_debuglink"
build_id=$(readelf -n "$binary" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
[ -n "$build_id" ] || fail "the installed binary has no build id"
dpkg-deb -c "$ddeb" | grep -q "usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug" \
  || fail "callconsole-dbgsym has no usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug"
if readelf -d "$binary" | grep -Eq 'R(UN)?PATH'; then fail "the installed binary has an RPATH: $(readelf -d "$binary" | grep -E 'R(UN)?PATH')"; fi
echo "installed binary: $(stat -c %s "$binary") bytes"

# 5. It runs from there: the version project() set, and the headless demo.
got=$("$binary" --version)
[ "$got" = "callconsole $version" ] || fail "--version printed '$got'"
echo "$(date +%T) demo"
"$binary" demo --speed 20 >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; fail "callconsole demo failed"; }

echo "$(date +%T) validators"
# 6. The validators, pedantic, on the installed files: any message at all is a failure.
appstream=$(appstreamcli validate --no-net --pedantic --no-color "$root/usr/share/metainfo/$app_id.metainfo.xml" 2>&1) \
  || fail "appstreamcli validate: $appstream"
grep -Eq '^[IWEP]:' <<<"$appstream" && fail "appstreamcli validate --pedantic reports: $appstream"
desktop=$(desktop-file-validate "$root/usr/share/applications/$app_id.desktop" 2>&1) || fail "desktop-file-validate: $desktop"
[ -z "$desktop" ] || fail "desktop-file-validate reports: $desktop"
grep -q "<project_license>$license</project_license>" "$root/usr/share/metainfo/$app_id.metainfo.xml" \
  || fail "the metainfo's project_license is not $license"
grep -q "<release version=\"$version\"" "$root/usr/share/metainfo/$app_id.metainfo.xml" \
  || fail "the metainfo has no release $version"
grep -q "^Icon=$app_id$" "$root/usr/share/applications/$app_id.desktop" || fail "the desktop file's Icon is not $app_id"
grep -q "^MimeType=$mime_type;$" "$root/usr/share/applications/$app_id.desktop" || fail "the desktop file does not declare $mime_type"
grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/$' "$root/usr/share/doc/callconsole/copyright" \
  || fail "copyright is not in Debian's machine-readable format"
grep -q "^License: $license$" "$root/usr/share/doc/callconsole/copyright" || fail "copyright does not say License: $license"

# 7. The MIME package, compiled as update-mime-database does on install: *.ccsession is ours.
cp -r "$root/usr/share/mime" "$work/mime"
XDG_DATA_HOME="$work" XDG_DATA_DIRS="$work" update-mime-database "$work/mime" 2>"$work/mime.log" || { cat "$work/mime.log"; fail "update-mime-database rejected the MIME package"; }
[ ! -s "$work/mime.log" ] || fail "update-mime-database: $(cat "$work/mime.log")"
grep -q ":$mime_type:\*\.ccsession" "$work/mime/globs2" || fail "no *.ccsession glob for $mime_type in globs2: $(cat "$work/mime/globs2")"

echo "package OK: $(basename "$deb") ($(stat -c %s "$deb") bytes), $(basename "$ddeb") ($(stat -c %s "$ddeb") bytes)"
