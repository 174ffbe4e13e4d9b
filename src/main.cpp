#include "cli/main.hpp"

int main(int argc, char** argv) {
    return tc::cli::main(argc, argv);
}
