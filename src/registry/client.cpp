#include "registry/client.hpp"
