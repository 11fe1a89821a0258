# Runs FUZZER for SECONDS over WORK/corpus (kept between runs) plus the
# read-only SEEDS and REGRESSIONS directories; crashing inputs are written
# into WORK.
if(NOT EXISTS ${SEEDS})
  message(FATAL_ERROR "no seed corpus at ${SEEDS}: build the fuzz-fdt-seeds "
                      "target (cmake --build) first")
endif()
file(MAKE_DIRECTORY ${WORK}/corpus)
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
          -max_len=65536 -dict=${DICT} -print_final_stats=1
          -artifact_prefix=${WORK}/ ${WORK}/corpus ${SEEDS} ${REGRESSIONS}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz_fdt failed (exit ${rc}); the input is in ${WORK}/")
endif()
message("fuzz_fdt: ${SECONDS} s without a failure: 1 passed, 0 failed")
