# Independent LongLLaMA reference (tests/scripts/fot_reference.py, written from docs/longllama-semantics.md
# sections 2-6): a random tiny checkpoint plus logits and greedy generations, in ${FOT_GOLDEN_DIR}/fot.
add_test(NAME fot_reference
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scripts/fot_reference.py --out ${FOT_GOLDEN_DIR}/fot)
set_tests_properties(fot_reference PROPERTIES FIXTURES_SETUP fot_reference LABELS fot TIMEOUT 300)

fot_test_folder(fot LIBS fot_models FIXTURES fot_reference ATEN_PCH)
