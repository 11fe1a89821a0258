# cmake -P script: build an MBR disk image with one FAT partition at 1 MiB
# holding FILES. Runs sfdisk and mtools on a plain file (no loop devices,
# no root needed). FILES is comma-separated (a ';' list would be split
# into separate arguments on the way here).
string(REPLACE "," ";" FILES "${FILES}")
set(TMP ${OUT}.tmp)
file(REMOVE ${TMP})
execute_process(COMMAND truncate -s ${MIB}M ${TMP} COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${SFDISK} --quiet ${TMP}
                INPUT_FILE ${CMAKE_CURRENT_LIST_DIR}/disk.sfdisk
                COMMAND_ERROR_IS_FATAL ANY)
set(ENV{MTOOLS_SKIP_CHECK} 1)
execute_process(COMMAND ${MFORMAT} -i ${TMP}@@1M -F -v BOOT ::
                COMMAND_ERROR_IS_FATAL ANY)
foreach(f ${FILES})
  execute_process(COMMAND ${MCOPY} -o -i ${TMP}@@1M ${f} ::/
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
file(RENAME ${TMP} ${OUT})
