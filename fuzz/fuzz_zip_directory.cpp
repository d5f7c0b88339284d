// The zip central directory of a torch.save archive (models/checkpoint/zip_directory.h). Every
// record it returns must lie inside the archive: its bytes are read here (CRC-32) to prove it.
#include "fuzz/input_file.h"
#include "models/checkpoint/zip_directory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string where = "fuzz/pytorch_model.bin";
  fot::fuzz::expect_only_input_errors(where, [&] {
    for (const fot::ZipRecord& record : fot::read_zip_directory(data, size, where))
      (void)fot::zip_crc32(data + record.data_offset, record.compressed_size);
  });
  return 0;
}
