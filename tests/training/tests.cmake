fot_test_folder(training LIBS fot_training)
