# Seed corpus for fuzz_fdt: every DTB in INPUTS ('|'-separated) re-encoded
# by dtc without padding, into OUT; then touch STAMP.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
string(REPLACE "|" ";" inputs "${INPUTS}")
set(n 0)
foreach(dtb ${inputs})
  get_filename_component(name ${dtb} NAME)
  execute_process(COMMAND ${DTC} -q -I dtb -O dtb -o ${OUT}/${name} ${dtb}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dtc could not re-encode ${dtb}")
  endif()
  math(EXPR n "${n} + 1")
endforeach()
message(STATUS "fuzz seeds: ${n} DTBs in ${OUT}")
file(TOUCH ${STAMP})
