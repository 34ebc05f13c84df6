# embed_files(TARGET <lib> NAMESPACE <ns> ROOT <dir> FILES <abs paths...>)
# Generates a C++ source holding the files' bytes as a sorted table {relative path, bytes}, so
# templates and default values are part of the binary and never read from disk at run time.
set(COCOCTL_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_generate.cmake)

function(embed_files)
  cmake_parse_arguments(E "" "TARGET;NAMESPACE;ROOT" "FILES" ${ARGN})
  list(SORT E_FILES)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${E_TARGET}_embedded.cpp)
  string(REPLACE ";" "|" files_arg "${E_FILES}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${E_NAMESPACE} -DROOT=${E_ROOT}
            "-DFILES=${files_arg}" -P ${COCOCTL_EMBED_SCRIPT}
    DEPENDS ${E_FILES} ${COCOCTL_EMBED_SCRIPT}
    COMMENT "Embedding ${E_NAMESPACE} files"
    VERBATIM)
  target_sources(${E_TARGET} PRIVATE ${out})
endfunction()
