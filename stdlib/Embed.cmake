# Embed.cmake - writes the standard library's sources as C++ raw strings.
# Usage: cmake -DOUT=header.h "-DSOURCES=a.flt,b.flt" -P Embed.cmake
set(text "// Generated from stdlib/*.flt by stdlib/Embed.cmake; do not edit.\n#pragma once\n")
string(APPEND text "namespace llcc {\nstruct StdlibSource { const char *name; const char *text; };\n")
string(APPEND text "inline const StdlibSource StdlibSources[] = {\n")
string(REPLACE "," ";" SOURCES "${SOURCES}")
foreach(src ${SOURCES})
  file(READ ${src} content)
  get_filename_component(name ${src} NAME)
  string(APPEND text "  {\"<stdlib>/${name}\", R\"llcc(${content})llcc\"},\n")
endforeach()
string(APPEND text "};\n}\n")
file(WRITE ${OUT}.tmp "${text}")
file(RENAME ${OUT}.tmp ${OUT})
