#pragma once

namespace tc::cli {

/// The whole program: splits argv, runs an own command or hands the command to compose, and
/// turns every error into a message on stderr and its exit code.
int main(int argc, char** argv);

} // namespace tc::cli
