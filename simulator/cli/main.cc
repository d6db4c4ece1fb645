#include <cstdio>
int main() { std::puts("tenantsim"); return 0; }
