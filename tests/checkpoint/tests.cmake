# Random tiny LLaMA checkpoints in every supported form + golden logits, from an independent script.
add_test(NAME tiny_llama_fixture
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/make_tiny_llama.py --out ${FOT_GOLDEN_DIR}/tiny_llama)
set_tests_properties(tiny_llama_fixture PROPERTIES FIXTURES_SETUP tiny_llama LABELS checkpoint)

fot_test_folder(checkpoint LIBS fot_models FIXTURES tiny_llama ATEN_PCH)
