// The restricted unpickler on hand-written pickles, and hostile or broken pytorch_model.bin files.
#include <gtest/gtest.h>

#include "models/checkpoint/checkpoint.h"
#include "models/checkpoint/restricted_unpickler.h"
#include "tests/checkpoint/test_support.h"

namespace fot {
namespace {

using test::input_error;

// Pickle bytes, opcode by opcode.
struct Pickle {
  std::string bytes;
  Pickle& op(uint8_t code) {
    bytes += static_cast<char>(code);
    return *this;
  }
  Pickle& raw(const std::string& text) {
    bytes += text;
    return *this;
  }
  Pickle& str(const std::string& text) {  // BINUNICODE
    const uint32_t n = text.size();
    op('X');
    bytes.append(reinterpret_cast<const char*>(&n), 4);
    return raw(text);
  }
  Pickle& short_str(const std::string& text) { return op(0x8c).op(static_cast<uint8_t>(text.size())).raw(text); }
  Pickle& global(const std::string& module, const std::string& name) { return op('c').raw(module + "\n" + name + "\n"); }
  Pickle& int1(uint8_t value) { return op('K').op(value); }
  Pickle& ordered_dict() { return global("collections", "OrderedDict").op(')').op('R'); }
  // _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()) with LONG1 sizes.
  Pickle& tensor(const std::string& key, const std::string& storage_type, uint8_t numel, Pickle offset,
                 std::vector<uint8_t> sizes, std::vector<uint8_t> strides) {
    global("torch._utils", "_rebuild_tensor_v2").op('(');
    op('(').str("storage").global("torch", storage_type).str(key).str("cpu").int1(numel).op('t').op('Q');
    raw(offset.bytes);
    op('(');
    for (uint8_t size : sizes) int1(size);
    op('t').op('(');
    for (uint8_t stride : strides) int1(stride);
    op('t').op(0x89).ordered_dict().op('t').op('R');
    return *this;
  }
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(bytes.data()); }
};

Pickle proto2() { return Pickle().op(0x80).op(2); }

std::vector<PickledTensor> read(const Pickle& pickle) {
  return read_pickled_state_dict(pickle.data(), pickle.bytes.size(), "test.pkl");
}

std::string error_of(const Pickle& pickle) {
  return input_error([&] { read(pickle); });
}

TEST(RestrictedUnpickler, ReadsStateDictsOfTensors) {
  {  // ReadsAStateDictOfTensors
    Pickle p = proto2();
    p.ordered_dict().op('q').op(0).op('(');
    p.str("a.weight").tensor("7", "HalfStorage", 12, Pickle().int1(2), {2, 5}, {5, 1});
    p.str("b.weight").tensor("0", "BFloat16Storage", 3, Pickle().int1(0), {3}, {1});
    p.op('u').op('.');
    const auto tensors = read(p);
    ASSERT_EQ(tensors.size(), 2u);
    EXPECT_EQ(tensors[0].name, "a.weight");
    EXPECT_EQ(tensors[0].storage_key, "7");
    EXPECT_EQ(tensors[0].storage_type, "HalfStorage");
    EXPECT_EQ(tensors[0].storage_numel, 12);
    EXPECT_EQ(tensors[0].storage_offset, 2);
    EXPECT_EQ(tensors[0].sizes, std::vector<int64_t>({2, 5}));
    EXPECT_EQ(tensors[0].strides, std::vector<int64_t>({5, 1}));
    EXPECT_EQ(tensors[1].storage_type, "BFloat16Storage");
  }
  {  // Long1IntegersAreSignExtended
    Pickle p = proto2();
    p.op('}').str("w").tensor("0", "FloatStorage", 8, Pickle().op(0x8a).op(2).op(0x05).op(0x01), {1}, {1});
    p.op('s').op('.');
    EXPECT_EQ(read(p)[0].storage_offset, 0x105);

    Pickle negative = proto2();
    negative.op('}').str("w").tensor("0", "FloatStorage", 8, Pickle().op(0x8a).op(1).op(0xff), {1}, {1});
    negative.op('s').op('.');
    EXPECT_CONTAINS(error_of(negative), "bad storage offset");
  }
}

TEST(RestrictedUnpickler, ForbiddenGlobalsAreNamedAndNothingRuns) {
  {  // ForbiddenGlobalIsNamedAndNothingRuns
    Pickle p = proto2();
    p.global("os", "system").str("touch /tmp/fot_pwned").op(0x85).op('R').op('.');
    const std::string error = error_of(p);
    EXPECT_CONTAINS(error, "test.pkl");
    EXPECT_CONTAINS(error, "forbidden global 'os.system'");
    EXPECT_CONTAINS(error, "nothing was executed");
  }
  {  // ForbiddenStackGlobal
    Pickle p = Pickle().op(0x80).op(4);
    p.short_str("builtins").short_str("eval").op(0x93).op('.');
    EXPECT_CONTAINS(error_of(p), "forbidden global 'builtins.eval'");
  }
  {  // LookalikeGlobalsAreForbidden
    for (const auto& [module, name] : std::vector<std::pair<std::string, std::string>>{
             {"torch", "load"}, {"torch._utils", "_rebuild_tensor"}, {"collections", "defaultdict"},
             {"torch.serialization", "_get_layout"}, {"__builtin__", "getattr"}, {"torch.nn", "Module"}}) {
      Pickle p = proto2();
      p.global(module, name).op('.');
      EXPECT_CONTAINS(error_of(p), "forbidden global '" + module + "." + name + "'");
    }
    EXPECT_CONTAINS(error_of(proto2().global("torch", "LongStorage").op('.')),
                    "unsupported storage type 'torch.LongStorage'");
  }
}

TEST(RestrictedUnpickler, MalformedPicklesAreRejected) {
  {  // AllowedStorageClassCannotBeCalled
    Pickle p = proto2();
    p.global("torch", "FloatStorage").op(')').op('R').op('.');
    EXPECT_CONTAINS(error_of(p), "global 'torch.FloatStorage' cannot be called");
  }
  {  // UnsupportedOpcode
    Pickle p = proto2();
    p.op('i').raw("os\nsystem\n").op('.');  // INST
    EXPECT_CONTAINS(error_of(p), "unsupported pickle opcode 0x69");
  }
  {  // TruncatedPickle
    Pickle p = proto2();
    p.str("abcdef");
    p.bytes.resize(p.bytes.size() - 3);
    EXPECT_CONTAINS(error_of(p), "ends in the middle of an opcode");
    EXPECT_CONTAINS(error_of(proto2().op('}')), "ends in the middle of an opcode");  // no STOP
    EXPECT_CONTAINS(error_of(Pickle()), "ends in the middle of an opcode");          // empty
  }
  {  // MalformedStacks
    EXPECT_CONTAINS(error_of(proto2().op('R')), "stack underflow");
    EXPECT_CONTAINS(error_of(proto2().op('t')), "no MARK");
    EXPECT_CONTAINS(error_of(proto2().op('h').op(5)), "memo key 5 was never stored");
    EXPECT_CONTAINS(error_of(proto2().op('(').op('.')), "stack underflow");
    EXPECT_CONTAINS(error_of(proto2().op('}').op('}').op('.')), "values left on the stack");
    EXPECT_CONTAINS(error_of(proto2().op(']').str("k").int1(1).op('s').op('.')), "SETITEM(S) on a list");
    EXPECT_CONTAINS(error_of(proto2().op(0x8b).raw(std::string("\xff\xff\xff\xff", 4))), "too large");
  }
  {  // ResultMustBeADictOfTensors
    EXPECT_CONTAINS(error_of(proto2().int1(3).op('.')), "holds a int, not a state dict");
    EXPECT_CONTAINS(error_of(proto2().op('}').str("k").int1(1).op('s').op('.')),
                    "state dict entry 'k' is a int, not a tensor");
  }
  {  // SelfReferentialListsAreHarmless
    Pickle p = proto2();
    p.op(']').op('q').op(0).op('h').op(0).op('a').op('0').op('}').op('.');  // l.append(l)
    EXPECT_TRUE(read(p).empty());
  }
}

std::string load_error(const std::string& path) {
  return input_error([&] {
    Checkpoint checkpoint = load_checkpoint(path);
    validate_llama_tensors(checkpoint);
  });
}

TEST(TorchZipBad, HostileAndUnsupportedPicklesAreRejectedWithoutRunningAnything) {
  for (const auto& [name, bad] : test::golden()["bad"].items()) {
    SCOPED_TRACE(name);
    const test::fs::path dir = test::tiny_dir() / bad["path"].get<std::string>();
    const std::string error = load_error(dir.string());
    EXPECT_CONTAINS(error, (dir / "pytorch_model.bin").string());
    EXPECT_CONTAINS(error, bad["expect"].get<std::string>());
    if (bad.contains("marker")) {
      EXPECT_CONTAINS(error, "forbidden global '" + bad["expect"].get<std::string>() + "'");
      EXPECT_FALSE(test::fs::exists(bad["marker"].get<std::string>()));
    }
  }
}

TEST(TorchZipBad, TruncatedOrGarbageArchives) {
  const std::string bytes = test::read_bytes(test::form_path("tied_f32_bin") + "/pytorch_model.bin");
  const std::vector<std::string> broken = {bytes.substr(0, bytes.size() - 10), bytes.substr(0, bytes.size() / 2),
                                           bytes.substr(0, 100), bytes.substr(0, 4),
                                           std::string("PK\x03\x04", 4) + std::string(200, 'x')};
  for (size_t i = 0; i < broken.size(); ++i) {
    SCOPED_TRACE(i);
    const test::fs::path dir = test::copy_form("tied_f32_bin", std::to_string(i));
    test::write_bytes(dir / "pytorch_model.bin", broken[i]);
    EXPECT_CONTAINS(load_error(dir.string()), (dir / "pytorch_model.bin").string() + ": ");
  }
}

TEST(TorchZip, SingleBinFileUsesTheConfigBesideIt) {
  Checkpoint checkpoint = load_checkpoint(test::form_path("tied_f32_bin") + "/pytorch_model.bin");
  EXPECT_EQ(checkpoint.format, "pytorch-bin");
  validate_llama_tensors(checkpoint);
}

}  // namespace
}  // namespace fot
