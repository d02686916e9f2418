//===- main.cpp - doctest runner for llcc's unit tests ---------------------===//
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
