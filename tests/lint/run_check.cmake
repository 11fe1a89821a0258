# Runs check_generic_code.py over every DTB the host build generated.
file(GLOB DTBS ${DTB_DIR}/*.dtb)
if(NOT DTBS)
  message(FATAL_ERROR "no DTBs in ${DTB_DIR}: build the host tests first")
endif()
execute_process(COMMAND ${PYTHON} ${SCRIPT} ${DTBS} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generic code check failed")
endif()
