#!/bin/sh
# Builds bench/proto/kernels.wasm with the library's flags (Makefile EMCC_FLAGS).
cd "$(dirname "$0")" && NODE_PATH=/usr/share/nodejs emcc -O3 -msimd128 -std=c11 -Wall -Wextra --no-entry \
  -sSTANDALONE_WASM -sALLOW_MEMORY_GROWTH -sMAXIMUM_MEMORY=4GB -sMALLOC=emmalloc \
  -sINITIAL_MEMORY=1MB -sTOTAL_STACK=256KB kernels.c -o kernels.wasm
