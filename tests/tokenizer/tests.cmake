# Golden outputs of Debian's python3-sentencepiece for the three real tokenizers.
add_test(NAME tokenizer_reference
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/tokenizer_reference.py
          --data ${FOT_SHARED_DATA} --out ${FOT_GOLDEN_DIR}/tokenizer)
set_tests_properties(tokenizer_reference PROPERTIES FIXTURES_SETUP tokenizer_golden LABELS tokenizer)

# Linked with fot_models (LibTorch) on purpose: the tests prove sentencepiece and LibTorch share a process.
fot_test_folder(tokenizer LIBS fot_models FIXTURES tokenizer_golden)
