#include "dockerfile/image_uses.hpp"
