# Initial cache (cmake -C) for the instrumented build dir that both the sanitizer run of the whole
# suite (tests/sanitize/run-suite.sh) and the fuzzers (tests/fuzz/run-fuzzers.sh) use, so CI
# compiles the tree with the sanitizers once for both.
#   AddressSanitizer and UndefinedBehaviorSanitizer for everything; UB stops the program like a
#   crash does (-fno-sanitize-recover). libFuzzer's coverage hooks without its main
#   (-fsanitize=fuzzer-no-link): the fuzz targets add -fsanitize=fuzzer, the rest runs as usual.
#   -O1 and line tables: builds faster than -O2 -g, and reports still name the lines.
set(CMAKE_CXX_COMPILER clang++ CACHE STRING "")
set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "")
set(CMAKE_CXX_FLAGS
    "-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link -fno-omit-frame-pointer"
    CACHE STRING "")
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -gline-tables-only" CACHE STRING "")
set(SWITCHBOARD_FUZZ ON CACHE BOOL "")
set(SWITCHBOARD_TESTS ON CACHE BOOL "")
set(SWITCHBOARD_GUI ON CACHE BOOL "")
