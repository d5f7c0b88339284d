fot_test_folder(longllama LIBS fot_models FIXTURES fot_reference ATEN_PCH)
