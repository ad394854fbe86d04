find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Svg Network HttpServer Sql Test)

# Debian's libphonenumber-dev ships a CMake package on newer releases only; fall back to
# the plain library and header so Debian 12 and Ubuntu 24.04 both build.
find_package(libphonenumber CONFIG QUIET)
if(TARGET libphonenumber::phonenumber-shared)
  add_library(callconsole_phonenumber INTERFACE)
  target_link_libraries(callconsole_phonenumber INTERFACE libphonenumber::phonenumber-shared)
elseif(TARGET libphonenumber::phonenumber)
  add_library(callconsole_phonenumber INTERFACE)
  target_link_libraries(callconsole_phonenumber INTERFACE libphonenumber::phonenumber)
else()
  find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
  find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
  add_library(callconsole_phonenumber INTERFACE)
  target_include_directories(callconsole_phonenumber SYSTEM INTERFACE ${PHONENUMBER_INCLUDE_DIR})
  target_link_libraries(callconsole_phonenumber INTERFACE ${PHONENUMBER_LIBRARY})
endif()

# Secret keys typed into the console go to the desktop keychain (never QSettings).
find_package(Qt6Keychain CONFIG REQUIRED)

# The session writer binds its one hot INSERT on the sqlite3 handle Qt Sql opened (see
# app/storage/DeliveryInsert.h): the same system library Qt's SQLite driver links.
find_package(SQLite3 REQUIRED)

# The executable allocates with jemalloc: under endpoint load glibc's malloc cost ~10 % of the
# CPU per event (the HTTP threads allocate what the writer thread frees). Measured with
# tests/bench/endpoint/run.sh; -DCALLCONSOLE_JEMALLOC=OFF keeps the C library's allocator.
option(CALLCONSOLE_JEMALLOC "Link the executable with jemalloc" ON)
if(CALLCONSOLE_JEMALLOC)
  find_library(JEMALLOC_LIBRARY jemalloc REQUIRED)
endif()
function(callconsole_link_allocator target)
  if(CALLCONSOLE_JEMALLOC)
    # Nothing calls jemalloc by name: keep it even where the linker drops unreferenced libraries.
    target_link_libraries(${target} PRIVATE "-Wl,--push-state,--no-as-needed" ${JEMALLOC_LIBRARY} "-Wl,--pop-state")
  endif()
endfunction()
