#include "simulator/scenario.h"
#include <gtest/gtest.h>
TEST(Scenario, Placeholder) {}
