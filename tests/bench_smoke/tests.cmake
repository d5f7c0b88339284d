# bench/whole_model_bench end to end on a one-layer model of tiny widths (the 3B run is far too
# large for CI): it must write its checkpoint, run every measurement and end with the ten
# `name: value` lines scripts read, in order (bf16 figures may be nan where the CPU lacks AVX512_BF16).
set(number "[0-9.an]+")  # a figure or nan (CMake regexes allow few groups)
set(lines)
foreach(name prefill_512_tok_s prefill_2048_tok_s decode_tok_s prefill_512_tok_s_bf16 prefill_2048_tok_s_bf16
             decode_tok_s_bf16 prefill_512_vs_gemm prefill_2048_vs_gemm decode_vs_read faults_per_prefill_token)
  list(APPEND lines "${name}: ${number}")
endforeach()
list(JOIN lines "\n" lines)
add_test(NAME WholeModelBenchSmoke
         COMMAND whole_model_bench --layers 1 --hidden 64 --intermediate 128 --heads 4 --vocab 256 --rounds 1
                 --decode-steps 4 --dir ${CMAKE_BINARY_DIR}/whole_model_bench_smoke)
set_tests_properties(WholeModelBenchSmoke PROPERTIES PASS_REGULAR_EXPRESSION "${lines}" LABELS bench_smoke)
