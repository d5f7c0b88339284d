#include "models/checkpoint/restricted_unpickler.h"

#include <fmt/format.h>

#include <cstring>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>

#include "common/input_error.h"

namespace fot {
namespace {

const std::set<std::string>& allowed_globals() {
  static const std::set<std::string> globals = {
      "collections.OrderedDict",   "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
      "torch.FloatStorage",        "torch.HalfStorage",               "torch.BFloat16Storage",
  };
  return globals;
}

enum class Kind { kNone, kBool, kInt, kFloat, kString, kBytes, kTuple, kList, kDict, kGlobal, kStorage, kTensor };

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNone: return "None";
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kFloat: return "float";
    case Kind::kString: return "str";
    case Kind::kBytes: return "bytes";
    case Kind::kTuple: return "tuple";
    case Kind::kList: return "list";
    case Kind::kDict: return "dict";
    case Kind::kGlobal: return "global";
    case Kind::kStorage: return "storage";
    case Kind::kTensor: return "tensor";
  }
  return "?";
}

// Values live in an arena owned by the reader, so memo references and even cycles are harmless.
struct Value {
  Kind kind = Kind::kNone;
  int64_t integer = 0;                               // bool, int, storage numel
  std::string text;                                  // str, bytes, global "module.name", storage key
  std::string storage_type;                          // storage
  std::vector<Value*> items;                         // tuple, list
  std::vector<std::pair<Value*, Value*>> entries;    // dict
  PickledTensor tensor;                              // tensor
};

class Reader {
 public:
  Reader(const uint8_t* data, size_t size, const std::string& where) : data_(data), size_(size), where_(where) {}

  Value* run();

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(fmt::format("{}: {} (at byte {})", where_, message, opcode_pos_));
  }
  const uint8_t* take(size_t n) {
    if (n > size_ - pos_) fail("pickle ends in the middle of an opcode (file truncated?)");
    const uint8_t* p = data_ + pos_;
    pos_ += n;
    return p;
  }
  template <typename T>
  T take_le() {
    T value;
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
    return value;
  }
  std::string take_line() {
    const void* newline = std::memchr(data_ + pos_, '\n', size_ - pos_);
    if (newline == nullptr) fail("unterminated GLOBAL name");
    size_t n = static_cast<const uint8_t*>(newline) - (data_ + pos_);
    std::string line(reinterpret_cast<const char*>(take(n)), n);
    take(1);
    return line;
  }
  Value* make(Kind kind) {
    arena_.push_back(std::make_unique<Value>());
    arena_.back()->kind = kind;
    return arena_.back().get();
  }
  Value* make_int(int64_t v) {
    Value* value = make(Kind::kInt);
    value->integer = v;
    return value;
  }
  Value* make_text(Kind kind, const uint8_t* p, size_t n) {
    Value* value = make(kind);
    value->text.assign(reinterpret_cast<const char*>(p), n);
    return value;
  }
  void push(Value* value) { stack_.push_back(value); }
  Value* pop() {
    if (stack_.size() <= floor()) fail("malformed pickle: stack underflow");
    Value* value = stack_.back();
    stack_.pop_back();
    return value;
  }
  Value* top() {
    if (stack_.size() <= floor()) fail("malformed pickle: stack underflow");
    return stack_.back();
  }
  size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  // Pops everything above the last MARK, and the mark.
  std::vector<Value*> pop_to_mark() {
    if (marks_.empty()) fail("malformed pickle: no MARK");
    const size_t mark = marks_.back();
    marks_.pop_back();
    std::vector<Value*> items(stack_.begin() + mark, stack_.end());
    stack_.resize(mark);
    return items;
  }
  Value* tuple(std::vector<Value*> items) {
    Value* value = make(Kind::kTuple);
    value->items = std::move(items);
    return value;
  }
  void add_entries(Value* dict, const std::vector<Value*>& items) {
    if (dict->kind != Kind::kDict) fail(fmt::format("SETITEM(S) on a {}, not a dict", kind_name(dict->kind)));
    if (items.size() % 2 != 0) fail("SETITEMS with an odd number of items");
    for (size_t i = 0; i < items.size(); i += 2) dict->entries.emplace_back(items[i], items[i + 1]);
  }
  void add_items(Value* list, const std::vector<Value*>& items) {
    if (list->kind != Kind::kList) fail(fmt::format("APPEND(S) on a {}, not a list", kind_name(list->kind)));
    list->items.insert(list->items.end(), items.begin(), items.end());
  }
  Value* memo_get(uint64_t index) {
    auto it = memo_.find(index);
    if (it == memo_.end()) fail(fmt::format("memo key {} was never stored", index));
    return it->second;
  }
  Value* global(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    const bool storage = module == "torch" && name.size() > 7 && name.compare(name.size() - 7, 7, "Storage") == 0;
    if (storage && !allowed_globals().count(full))
      fail(fmt::format("unsupported storage type '{}' (only torch.FloatStorage, torch.HalfStorage, "
                       "torch.BFloat16Storage)", full));
    if (!allowed_globals().count(full))
      fail(fmt::format("forbidden global '{}' (a state dict may only reference {}); nothing was executed", full,
                       fmt::join(allowed_globals(), ", ")));
    Value* value = make(Kind::kGlobal);
    value->text = full;
    return value;
  }
  Value* persistent_load(Value* pid);
  Value* reduce(Value* callable, Value* args);
  Value* rebuild_tensor(Value* args);
  std::vector<int64_t> int_tuple(Value* value, const char* what);

  const uint8_t* data_;
  size_t size_;
  const std::string& where_;
  size_t pos_ = 0;
  size_t opcode_pos_ = 0;
  std::vector<Value*> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, Value*> memo_;
  std::vector<std::unique_ptr<Value>> arena_;
};

std::vector<int64_t> Reader::int_tuple(Value* value, const char* what) {
  if (value->kind != Kind::kTuple) fail(fmt::format("tensor {} is a {}, not a tuple", what, kind_name(value->kind)));
  std::vector<int64_t> result;
  for (Value* item : value->items) {
    if (item->kind != Kind::kInt || item->integer < 0) fail(fmt::format("tensor {} holds a non-integer or negative", what));
    result.push_back(item->integer);
  }
  return result;
}

// torch.save's persistent id for a storage: ('storage', <storage class>, key, location, numel).
Value* Reader::persistent_load(Value* pid) {
  if (pid->kind != Kind::kTuple || pid->items.size() != 5 || pid->items[0]->kind != Kind::kString ||
      pid->items[0]->text != "storage" || pid->items[1]->kind != Kind::kGlobal ||
      pid->items[2]->kind != Kind::kString || pid->items[4]->kind != Kind::kInt || pid->items[4]->integer < 0)
    fail("persistent id is not ('storage', <storage type>, key, location, numel)");
  const std::string& type = pid->items[1]->text;
  if (type.rfind("torch.", 0) != 0 || type.find("Storage") == std::string::npos)
    fail(fmt::format("persistent id names '{}', not a storage type", type));
  Value* storage = make(Kind::kStorage);
  storage->storage_type = type.substr(6);
  storage->text = pid->items[2]->text;
  storage->integer = pid->items[4]->integer;
  return storage;
}

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
Value* Reader::rebuild_tensor(Value* args) {
  if (args->items.size() < 6 || args->items.size() > 7)
    fail(fmt::format("_rebuild_tensor_v2 takes 6 or 7 arguments, got {}", args->items.size()));
  Value* storage = args->items[0];
  Value* offset = args->items[1];
  if (storage->kind != Kind::kStorage) fail("_rebuild_tensor_v2 without a storage");
  if (offset->kind != Kind::kInt || offset->integer < 0) fail("_rebuild_tensor_v2 with a bad storage offset");
  Value* tensor = make(Kind::kTensor);
  tensor->tensor.storage_key = storage->text;
  tensor->tensor.storage_type = storage->storage_type;
  tensor->tensor.storage_numel = storage->integer;
  tensor->tensor.storage_offset = offset->integer;
  tensor->tensor.sizes = int_tuple(args->items[2], "size");
  tensor->tensor.strides = int_tuple(args->items[3], "stride");
  if (tensor->tensor.sizes.size() != tensor->tensor.strides.size()) fail("tensor size and stride differ in length");
  return tensor;
}

Value* Reader::reduce(Value* callable, Value* args) {
  if (callable->kind != Kind::kGlobal) fail(fmt::format("REDUCE calls a {}, not a global", kind_name(callable->kind)));
  if (args->kind != Kind::kTuple) fail("REDUCE arguments are not a tuple");
  const std::string& name = callable->text;
  if (name == "collections.OrderedDict") {
    if (!args->items.empty()) fail("collections.OrderedDict called with arguments");
    return make(Kind::kDict);
  }
  if (name == "torch._utils._rebuild_tensor_v2") return rebuild_tensor(args);
  if (name == "torch._utils._rebuild_parameter") {
    if (args->items.size() != 3 || args->items[0]->kind != Kind::kTensor)
      fail("_rebuild_parameter takes (tensor, requires_grad, backward_hooks)");
    return args->items[0];
  }
  fail(fmt::format("global '{}' cannot be called", name));
}

Value* Reader::run() {
  while (true) {
    opcode_pos_ = pos_;
    const uint8_t op = *take(1);
    switch (op) {
      case 0x80: {  // PROTO
        const uint8_t version = *take(1);
        if (version > 5) fail(fmt::format("unsupported pickle protocol {}", version));
        break;
      }
      case 0x95: take(8); break;  // FRAME: a length hint only
      case '.': {  // STOP
        Value* result = pop();
        if (!stack_.empty() || !marks_.empty()) fail("malformed pickle: values left on the stack at STOP");
        return result;
      }
      case '(': marks_.push_back(stack_.size()); break;  // MARK
      case '0': pop(); break;                             // POP
      case '1': pop_to_mark(); break;                     // POP_MARK
      case '2': push(top()); break;                       // DUP
      case 'N': push(make(Kind::kNone)); break;
      case 0x88:
      case 0x89: {  // NEWTRUE, NEWFALSE
        Value* value = make(Kind::kBool);
        value->integer = op == 0x88;
        push(value);
        break;
      }
      case 'J': push(make_int(take_le<int32_t>())); break;   // BININT
      case 'K': push(make_int(*take(1))); break;             // BININT1
      case 'M': push(make_int(take_le<uint16_t>())); break;  // BININT2
      case 0x8a:    // LONG1
      case 0x8b: {  // LONG4
        const uint64_t n = op == 0x8a ? *take(1) : take_le<uint32_t>();
        if (n > 8) fail(fmt::format("integer of {} bytes is too large", n));
        const uint8_t* p = take(n);
        uint64_t bits = 0;
        for (uint64_t i = 0; i < n; ++i) bits |= uint64_t{p[i]} << (8 * i);
        if (n > 0 && n < 8 && (p[n - 1] & 0x80)) bits |= ~uint64_t{0} << (8 * n);  // sign-extend
        push(make_int(static_cast<int64_t>(bits)));
        break;
      }
      case 'G': {  // BINFLOAT, big-endian
        const uint8_t* p = take(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];
        Value* value = make(Kind::kFloat);
        value->integer = static_cast<int64_t>(bits);
        push(value);
        break;
      }
      case 'X':             // BINUNICODE
      case 'T': {           // BINSTRING
        const uint32_t n = take_le<uint32_t>();
        push(make_text(Kind::kString, take(n), n));
        break;
      }
      case 0x8c:  // SHORT_BINUNICODE
      case 'U': {  // SHORT_BINSTRING
        const uint8_t n = *take(1);
        push(make_text(Kind::kString, take(n), n));
        break;
      }
      case 0x8d: {  // BINUNICODE8
        const uint64_t n = take_le<uint64_t>();
        if (n > size_) fail("string longer than the pickle");
        push(make_text(Kind::kString, take(n), n));
        break;
      }
      case 'B': {  // BINBYTES
        const uint32_t n = take_le<uint32_t>();
        push(make_text(Kind::kBytes, take(n), n));
        break;
      }
      case 'C': {  // SHORT_BINBYTES
        const uint8_t n = *take(1);
        push(make_text(Kind::kBytes, take(n), n));
        break;
      }
      case ')': push(tuple({})); break;  // EMPTY_TUPLE
      case 't': push(tuple(pop_to_mark())); break;
      case 0x85:
      case 0x86:
      case 0x87: {  // TUPLE1..3
        std::vector<Value*> items(op - 0x84);
        for (size_t i = items.size(); i-- > 0;) items[i] = pop();
        push(tuple(std::move(items)));
        break;
      }
      case ']': push(make(Kind::kList)); break;  // EMPTY_LIST
      case 'l': {                                // LIST
        Value* list = make(Kind::kList);
        list->items = pop_to_mark();
        push(list);
        break;
      }
      case '}': push(make(Kind::kDict)); break;  // EMPTY_DICT
      case 'd': {                                // DICT
        auto items = pop_to_mark();
        Value* dict = make(Kind::kDict);
        add_entries(dict, items);
        push(dict);
        break;
      }
      case 'a': {  // APPEND
        Value* item = pop();
        add_items(top(), {item});
        break;
      }
      case 'e': {  // APPENDS
        auto items = pop_to_mark();
        add_items(top(), items);
        break;
      }
      case 's': {  // SETITEM
        Value* value = pop();
        Value* key = pop();
        add_entries(top(), {key, value});
        break;
      }
      case 'u': {  // SETITEMS
        auto items = pop_to_mark();
        add_entries(top(), items);
        break;
      }
      case 'q': memo_[*take(1)] = top(); break;                // BINPUT
      case 'r': memo_[take_le<uint32_t>()] = top(); break;     // LONG_BINPUT
      case 0x94: memo_[memo_.size()] = top(); break;           // MEMOIZE
      case 'h': push(memo_get(*take(1))); break;               // BINGET
      case 'j': push(memo_get(take_le<uint32_t>())); break;    // LONG_BINGET
      case 'c': {                                              // GLOBAL
        std::string module = take_line();
        std::string name = take_line();
        push(global(module, name));
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        Value* name = pop();
        Value* module = pop();
        if (name->kind != Kind::kString || module->kind != Kind::kString) fail("STACK_GLOBAL without two strings");
        push(global(module->text, name->text));
        break;
      }
      case 'Q': push(persistent_load(pop())); break;  // BINPERSID
      case 'R': {                                     // REDUCE
        Value* args = pop();
        Value* callable = pop();
        push(reduce(callable, args));
        break;
      }
      case 'b': {  // BUILD: state of an OrderedDict (its _metadata) or a tensor carries nothing we need
        pop();
        Value* target = top();
        if (target->kind != Kind::kDict && target->kind != Kind::kTensor)
          fail(fmt::format("BUILD on a {}", kind_name(target->kind)));
        break;
      }
      default:
        fail(fmt::format("unsupported pickle opcode 0x{:02x}", op));
    }
  }
}

}  // namespace

std::vector<PickledTensor> read_pickled_state_dict(const uint8_t* data, size_t size, const std::string& where) {
  Reader reader(data, size, where);
  Value* result = reader.run();
  if (result->kind != Kind::kDict)
    throw InputError(fmt::format("{}: the pickle holds a {}, not a state dict", where, kind_name(result->kind)));
  std::vector<PickledTensor> tensors;
  std::set<std::string> seen;
  for (const auto& [key, value] : result->entries) {
    if (key->kind != Kind::kString)
      throw InputError(fmt::format("{}: state dict key is a {}, not a string", where, kind_name(key->kind)));
    if (value->kind != Kind::kTensor)
      throw InputError(fmt::format("{}: state dict entry '{}' is a {}, not a tensor", where, key->text,
                                   kind_name(value->kind)));
    if (!seen.insert(key->text).second)
      throw InputError(fmt::format("{}: state dict entry '{}' appears twice", where, key->text));
    PickledTensor tensor = value->tensor;
    tensor.name = key->text;
    tensors.push_back(std::move(tensor));
  }
  return tensors;
}

}  // namespace fot
