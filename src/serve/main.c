/* evmatch-serve: the program behind `evmatch serve` (see CMakeLists.txt for
 * why it is a program of its own). */
#include "cli/cli.h"

int main(int argc, char **argv) { return cmd_serve(argc, argv); }
