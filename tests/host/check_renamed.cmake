# Fails if the renamed kernel FDT reader (LIB) still defines a global fdt_*
# symbol, i.e. kfdt_rename.h misses a function of kernel/fdt.h.
execute_process(COMMAND ${NM} -g --defined-only ${LIB}
                OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIB}")
endif()
string(REGEX MATCHALL "[ \t][A-Za-z][ \t]fdt_[A-Za-z0-9_]+" leaks "${syms}")
if(leaks)
  message(FATAL_ERROR "not renamed (add them to tests/host/kfdt_rename.h):"
                      " ${leaks}")
endif()
string(REGEX MATCHALL "kfdt_[A-Za-z0-9_]+" renamed "${syms}")
list(LENGTH renamed n)
message("0 leaked fdt_* symbols, ${n} kfdt_* symbols: 1 passed, 0 failed")
