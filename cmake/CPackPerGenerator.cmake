# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE in cmake/Packaging.cmake).
if(CPACK_GENERATOR STREQUAL "DEB")
  # CPackDeb strips the binary itself once it has copied the debug information to -dbgsym;
  # stripping earlier would leave nothing to copy. The zsh completion moves to Debian's folder.
  set(CPACK_STRIP_FILES OFF)
  set(CPACK_PRE_BUILD_SCRIPTS "${CPACK_CALLCONSOLE_DEBIAN_LAYOUT}")
else()
  set(CPACK_STRIP_FILES ON)
endif()
