// ReCoRD's requests in v0.3.0 (lm_eval/tasks/superglue.py, ReCoRD), which a template cannot say.
#pragma once

#include <string>
#include <vector>

#include "tasks/zeroshot/doc.h"
#include "tasks/zeroshot/request.h"

namespace fot::zeroshot {

// doc_to_text: strip(passage) split on "\n@highlight\n"; main + "\n\n", then "  - " + h + ".\n" per highlight.
std::string record_context(const std::string& passage);

// format_answer: "  - " + query with every "@placeholder" replaced by the entity.
std::string record_continuation(const std::string& query, const std::string& entity);

// One request per entity (Doc::choices, already sorted and unique), in order.
std::vector<Request> record_requests(const Doc& doc);

}  // namespace fot::zeroshot
