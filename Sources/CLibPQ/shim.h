// libpq from Debian's libpq-dev, which installs its headers under /usr/include/postgresql.
#include <postgresql/libpq-fe.h>
