# Run by cpack on the staged .deb tree (CPACK_PRE_BUILD_SCRIPTS): Debian's zsh looks for packaged
# completions in /usr/share/zsh/vendor-completions; `cmake --install` keeps zsh's own site-functions.
set(_from "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/${CPACK_CALLCONSOLE_ZSH_COMPLETION_DIR}")
set(_to "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/share/zsh/vendor-completions")
if(NOT EXISTS "${_from}/_callconsole")
  message(FATAL_ERROR "PackageDebianLayout: no zsh completion at ${_from}/_callconsole")
endif()
if(NOT _from STREQUAL _to)
  file(MAKE_DIRECTORY "${_to}")
  file(RENAME "${_from}/_callconsole" "${_to}/_callconsole")
  file(REMOVE_RECURSE "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/share/zsh/site-functions")
endif()
