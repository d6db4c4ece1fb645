// Errors of the OData query layer are Graph errors (base/result.h): status, Graph code, Graph's
// exact message, and our precise reason in `detail` (shown in innerError).
#pragma once

#include "base/result.h"
#include "base/strings.h"
