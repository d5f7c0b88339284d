fot_test_folder(llama LIBS fot_models FIXTURES tiny_llama ATEN_PCH)
