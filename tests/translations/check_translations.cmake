# Fails when a translation (.ts) file is not complete for the current sources: strings the sources
# have that the file lacks (new), and entries it has but that are not translated (unfinished, or an
# empty translation). Run by ctest as
#   cmake -DLUPDATE=<lupdate> -DSOURCE_DIR=<project> -DTS=<file.ts> -DWORK=<build folder> -P check_translations.cmake
# lupdate updates a copy of the file in WORK from the same source folders as the project's command
#   lupdate -no-obsolete widgets app -ts translations/soundframe_<lang>.ts
# so the file in the source tree is never touched; the copy is left in WORK to look at.
cmake_minimum_required(VERSION 3.22)
foreach(var LUPDATE SOURCE_DIR TS WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_translations.cmake needs -D${var}=...")
  endif()
endforeach()
set(source_dirs widgets app)  # the folders whose tr() strings the desktop app shows
set(examples_shown 8)

get_filename_component(ts_name ${TS} NAME)
file(MAKE_DIRECTORY ${WORK})
set(copy ${WORK}/${ts_name})
file(COPY_FILE ${TS} ${copy})
execute_process(COMMAND ${LUPDATE} -silent -no-obsolete ${source_dirs} -ts ${copy}
  WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${result}) on ${copy}:\n${output}")
endif()

# ts_messages(<file> <keys> <untranslated>): every message as "context | source", and those whose
# translation is unfinished or empty. Source texts stay XML-escaped (no '<' in them); ';' is replaced
# so that CMake's lists keep each message whole.
function(ts_messages file keys_var untranslated_var)
  file(READ ${file} content)
  string(REPLACE ";" "{semicolon}" content "${content}")
  string(REPLACE "</message>" "</message>;" chunks "${content}")
  set(context "")
  set(keys "")
  set(untranslated "")
  foreach(chunk IN LISTS chunks)
    if(chunk MATCHES "<name>([^<]*)</name>")
      set(context "${CMAKE_MATCH_1}")
    endif()
    if(NOT chunk MATCHES "<source>([^<]*)</source>")
      continue()
    endif()
    string(REPLACE "\n" "\\n" key "${context} | ${CMAKE_MATCH_1}")
    list(APPEND keys "${key}")
    if(chunk MATCHES "<translation type=\"(vanished|obsolete)\"")
      continue()
    endif()
    if(chunk MATCHES "<translation type=\"unfinished\"" OR chunk MATCHES "<translation */>"
       OR chunk MATCHES "<translation></translation>" OR chunk MATCHES "<numerusform></numerusform>")
      list(APPEND untranslated "${key}")
    endif()
  endforeach()
  set(${keys_var} "${keys}" PARENT_SCOPE)
  set(${untranslated_var} "${untranslated}" PARENT_SCOPE)
endfunction()

ts_messages(${TS} old_keys old_untranslated)
ts_messages(${copy} keys untranslated)
set(new "")
set(unfinished "")
foreach(key IN LISTS untranslated)
  list(FIND old_keys "${key}" index)
  if(index EQUAL -1)
    list(APPEND new "${key}")
  else()
    list(APPEND unfinished "${key}")
  endif()
endforeach()
list(LENGTH keys total)
list(LENGTH new new_count)
list(LENGTH unfinished unfinished_count)

if(new_count EQUAL 0 AND unfinished_count EQUAL 0)
  message(STATUS "${ts_name}: all ${total} entries translated")
  return()
endif()

set(summary "${ts_name} is not complete: ${new_count} new (in the sources, missing from the file) and \
${unfinished_count} unfinished or empty, of ${total} entries")
set(report "${summary}.")
foreach(kind new unfinished)
  list(LENGTH ${kind} count)
  if(count EQUAL 0)
    continue()
  endif()
  string(APPEND report "\n${kind} (context | source):")
  list(SUBLIST ${kind} 0 ${examples_shown} shown)
  foreach(key IN LISTS shown)
    string(REPLACE "{semicolon}" ";" key "${key}")
    string(REPLACE "&lt;" "<" key "${key}")
    string(REPLACE "&gt;" ">" key "${key}")
    string(REPLACE "&quot;" "\"" key "${key}")
    string(REPLACE "&apos;" "'" key "${key}")
    string(REPLACE "&amp;" "&" key "${key}")  # last: "&amp;lt;" is the text "&lt;"
    string(APPEND report "\n  ${key}")
  endforeach()
  if(count GREATER examples_shown)
    math(EXPR more "${count} - ${examples_shown}")
    string(APPEND report "\n  … and ${more} more")
  endif()
endforeach()
file(RELATIVE_PATH ts_relative ${SOURCE_DIR} ${TS})
list(JOIN source_dirs " " dirs)
string(APPEND report "\nTo fix: cd ${SOURCE_DIR} && lupdate -no-obsolete ${dirs} -ts ${ts_relative}, then \
translate every <translation type=\"unfinished\"> (and any empty one) and remove its type attribute.\n\
The updated copy: ${copy}\n")
message(NOTICE "${report}")  # as written: FATAL_ERROR would re-wrap the lists
message(FATAL_ERROR "${summary}")
