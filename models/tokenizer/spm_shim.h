// C API of libfot_spm_shim.so, the only library that links sentencepiece (see tokenizer.h for why).
// Plain C types only, so the shim can be dlopen'ed with RTLD_DEEPBIND and its C++ never meets ours.
// Buffers and messages the shim hands out are malloc'ed; release them with fot_spm_free_buffer.
// Functions returning int give 0 on success and -1 on failure, with *error set to a message.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define FOT_SPM_API __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fot_spm fot_spm;

FOT_SPM_API fot_spm* fot_spm_load(const char* path, char** error);  // NULL on failure
FOT_SPM_API void fot_spm_free(fot_spm* model);
FOT_SPM_API void fot_spm_free_buffer(void* buffer);

FOT_SPM_API int fot_spm_encode_ids(const fot_spm* model, const char* text, size_t text_len, int32_t** ids,
                                   size_t* count, char** error);
// Pieces are returned concatenated in *blob, piece i spanning [offsets[i], offsets[i+1]); offsets has count+1 entries.
FOT_SPM_API int fot_spm_encode_pieces(const fot_spm* model, const char* text, size_t text_len, char** blob,
                                      size_t** offsets, size_t* count, char** error);
FOT_SPM_API int fot_spm_decode_ids(const fot_spm* model, const int32_t* ids, size_t count, char** text,
                                   size_t* text_len, char** error);

// The piece lives as long as the model; NULL for an id outside [0, vocab size).
FOT_SPM_API const char* fot_spm_id_to_piece(const fot_spm* model, int32_t id, size_t* piece_len);
// The unk id when the piece is absent.
FOT_SPM_API int32_t fot_spm_piece_to_id(const fot_spm* model, const char* piece, size_t piece_len);
FOT_SPM_API int32_t fot_spm_vocab_size(const fot_spm* model);
FOT_SPM_API int32_t fot_spm_bos_id(const fot_spm* model);
FOT_SPM_API int32_t fot_spm_eos_id(const fot_spm* model);
FOT_SPM_API int32_t fot_spm_unk_id(const fot_spm* model);
FOT_SPM_API int32_t fot_spm_pad_id(const fot_spm* model);  // -1 when the model has none

#ifdef __cplusplus
}
#endif
