#!/usr/bin/env bash
# Regenerates zoo/tiny-openllama and zoo/tiny-longllama from scratch (training/README.md):
# tokenizer corpus -> spm_train -> phase A (plain LLaMA at C = 128) -> phase B (FoT crossbatch).
#   training/make_zoo.sh [BUILD_DIR] [OUT_DIR]               passkey prompts: the models zoo/ ships
#   training/make_zoo.sh BUILD_DIR OUT_DIR RULER_DIR         passkey mixed with RULER niah prompts
# RULER_DIR: RULER's word lists (docs/ruler.md), for the niah prompts' key words; that recipe also
# trains a 512-piece tokenizer (training/README.md has what each recipe's models achieve).
# fot-train must be built first:  cmake --build BUILD_DIR --target fot-train
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$(realpath "${1:-$ROOT/build-train}")
OUT=$(realpath -m "${2:-$ROOT/zoo}")
TRAIN="$BUILD/fot-train"
RULER_DIR=${3:-}
if [ -n "$RULER_DIR" ]; then
  for list in adjectivelist.txt nounlist.txt; do
    [ -f "$RULER_DIR/$list" ] || { echo "make_zoo.sh: $RULER_DIR/$list not found (the RULER word lists)" >&2; exit 2; }
  done
  RULER_DIR=$(realpath "$RULER_DIR")
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fot-zoo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
[ -x "$TRAIN" ] || { echo "make_zoo.sh: $TRAIN not found; build the fot-train target first" >&2; exit 2; }

# Idle threads must not spin: the box is small and often shared. One BLAS thread, two ATen threads.
export OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1
THREADS=2
TOKENIZER_SEED=1
PLAIN_SEED=1
FOT_SEED=2
if [ -n "$RULER_DIR" ]; then
  VOCAB=512
  CORPUS_RULER=(--ruler-documents 3000 --ruler-data "$RULER_DIR")
  PLAIN_SCHEDULE=(--steps 1200 --stop-accuracy 0.97)
  FOT_STEPS=700
  PHASE_RULER=(--ruler-data "$RULER_DIR" --ruler-fraction 0.5)
else
  VOCAB=192
  CORPUS_RULER=()
  PLAIN_SCHEDULE=(--steps 1500 --stop-accuracy 0.99)
  FOT_STEPS=900
  PHASE_RULER=()
fi

timed() {  # timed LABEL COMMAND...: runs COMMAND, records wall seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.$label" "$@"
  read -r secs kb < "$WORK/time.$label"
  printf '%-10s %8.1f s  peak RSS %6.0f MiB\n' "$label" "$secs" "$((kb / 1024))" | tee -a "$WORK/times.txt"
}

start=$(date +%s.%N)
timed corpus "$TRAIN" corpus --out "$WORK/corpus.txt" --documents 5000 --seed "$TOKENIZER_SEED" "${CORPUS_RULER[@]}"
# Relative paths: spm_train stores them in the model, which then does not depend on $WORK.
(cd "$WORK" && timed tokenizer spm_train --input=corpus.txt --model_prefix=tokenizer --vocab_size=$VOCAB \
  --model_type=bpe --split_digits=true --character_coverage=1.0 --num_threads=1 \
  --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --minloglevel=2)
timed plain "$TRAIN" plain --tokenizer "$WORK/tokenizer.model" --out "$WORK/tiny-openllama" \
  --seed "$PLAIN_SEED" "${PLAIN_SCHEDULE[@]}" --lr 2e-3 --rows 16 --stop-window 100 "${PHASE_RULER[@]}" \
  --log "$WORK/training_log.csv" --threads "$THREADS"
timed fot "$TRAIN" fot --init "$WORK/tiny-openllama" --out "$WORK/tiny-longllama" \
  --seed "$FOT_SEED" --steps "$FOT_STEPS" --lr 1e-3 --rows 16 --max-windows 4 --pool 6 --negatives 4 \
  --negative-source pool --lcl 112 --mem-layers 2 --mem-dtype float32 "${PHASE_RULER[@]}" \
  --log "$WORK/training_log.csv" --threads "$THREADS"
end=$(date +%s.%N)

mkdir -p "$OUT/tiny-openllama" "$OUT/tiny-longllama"
for model in tiny-openllama tiny-longllama; do
  cp "$WORK/$model/config.json" "$WORK/$model/model.safetensors" "$WORK/$model/tokenizer.model" "$OUT/$model/"
done
cp "$WORK/training_log.csv" "$OUT/training_log.csv"
gnuplot -e "log='$OUT/training_log.csv'; out='$OUT/training_loss.png'" "$ROOT/training/plot_training.gp"
printf 'total      %8.1f s (wall, tokenizer + both phases)\n' "$(echo "$end - $start" | bc)" | tee -a "$WORK/times.txt"
cp "$WORK/times.txt" "$OUT/training_times.txt"
echo "wrote $OUT/tiny-openllama, $OUT/tiny-longllama, $OUT/training_log.csv, $OUT/training_loss.png"
