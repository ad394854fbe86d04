# cmake -DPROGRAM=exe "-DARGUMENTS=a b" -DOUTPUT=file -P WriteProgramOutput.cmake
# Runs PROGRAM with the space-separated ARGUMENTS and writes what it prints to OUTPUT; a failure
# fails the build and leaves no file behind.
separate_arguments(arguments UNIX_COMMAND "${ARGUMENTS}")
execute_process(COMMAND ${PROGRAM} ${arguments}
                OUTPUT_FILE ${OUTPUT}.part
                RESULT_VARIABLE result
                ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  file(REMOVE ${OUTPUT}.part)
  message(FATAL_ERROR "${PROGRAM} ${ARGUMENTS} failed (${result}): ${errors}")
endif()
file(RENAME ${OUTPUT}.part ${OUTPUT})
