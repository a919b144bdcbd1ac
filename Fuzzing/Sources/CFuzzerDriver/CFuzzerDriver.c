// The driver itself is compiler-rt's; this target only declares it for Swift.
#include "CFuzzerDriver.h"
