# CPack: `cmake --build build --target package` (or `cpack -G DEB` in the build folder) writes
# callconsole_VERSION_ARCH.deb with its -dbgsym .ddeb, and callconsole-VERSION-Linux.tar.gz.
# Everything CPack is told lives here; cmake/CPackPerGenerator.cmake and cmake/PackageDebianLayout.cmake
# are read by cpack itself, per generator.
set(CALLCONSOLE_PACKAGE_MAINTAINER "The Call Console developers <callconsole@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the .deb (name <email>)")

set(CPACK_PACKAGE_NAME callconsole)
set(CPACK_PACKAGE_VENDOR "The Call Console developers")
set(CPACK_PACKAGE_CONTACT "${CALLCONSOLE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
"Call Console is a desktop tool for developers of SIP media applications on
the Amazon Chime SDK PSTN audio service. It places calls
(CreateSipMediaApplicationCall), answers the invocation events on an
embedded HTTP endpoint (from rules, a breakpoint or the developer's own
handler) and shows every transaction on a timeline with its ordering
anomalies.

It runs with no AWS account on a built-in simulator that speaks the real
API, or against real AWS with the user's profiles. Headless commands (serve,
place, demo, replay, export, ...) serve scripts and CI.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/package")
# cpack sees only CPACK_* variables: the two its per-generator files read are named so.
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/cmake/CPackPerGenerator.cmake")
set(CPACK_CALLCONSOLE_DEBIAN_LAYOUT "${PROJECT_SOURCE_DIR}/cmake/PackageDebianLayout.cmake")
set(CPACK_CALLCONSOLE_ZSH_COMPLETION_DIR "${CALLCONSOLE_ZSH_COMPLETION_DIR}")

# The .deb: installs under /usr; the binary is stripped and its debug information goes to
# callconsole-dbgsym (usr/lib/debug/.build-id/…), linked by build id and .gnu_debuglink.
# (CPack DEB installs under /usr by default; the .tar.gz is relative to its top folder.)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CALLCONSOLE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What dpkg-shlibdeps cannot see: plugins Qt loads at run time (the desktop's platform themes,
# the SQLite driver every session file needs).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite")
# `--handler` runs the user's Lambda handler with node or python3.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nodejs | python3")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-wayland")
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
# zstd: six times less CPU than gzip on the 70 MB of debug information, and read by dpkg since 1.21.18.
set(CPACK_DEBIAN_COMPRESSION_TYPE zstd)

include(CPack)
