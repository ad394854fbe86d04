# One INTERFACE target carries the flags every project target compiles with.
add_library(callconsole_options INTERFACE)
target_compile_features(callconsole_options INTERFACE cxx_std_17)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(callconsole_options INTERFACE -Wall -Wextra -Wpedantic)
  if(CALLCONSOLE_WERROR)
    target_compile_options(callconsole_options INTERFACE -Werror)
  endif()
endif()
target_compile_definitions(callconsole_options INTERFACE
  QT_NO_CAST_FROM_ASCII           # every user-visible string is built on purpose
  QT_NO_URL_CAST_FROM_STRING
  QT_DISABLE_DEPRECATED_BEFORE=0x060400
  CALLCONSOLE_VERSION="${PROJECT_VERSION}")
option(CALLCONSOLE_WERROR "Treat warnings as errors" OFF)
