# fot_harness_core: the RULER task run through the mock backend (ruler_documents_test).
fot_test_folder(training LIBS fot_training fot_harness_core)
