#include "tasks/zeroshot/doc.h"

#include <stdexcept>

namespace fot::zeroshot {

const std::string& Doc::field(const std::string& name) const {
  auto it = fields.find(name);
  if (it == fields.end())
    throw std::out_of_range("document " + std::to_string(doc_index) + " has no field '" + name + "'");
  return it->second;
}

}  // namespace fot::zeroshot
