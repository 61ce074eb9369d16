#!/bin/sh
# Installs everything libgovtext needs to build, test and benchmark on
# Debian 12 (bookworm), as root.  Safe to run again.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkgconf git ca-certificates \
    libicu-dev libutf8proc-dev libzstd-dev check libsubunit-dev icu-devtools \
    python3 clang libclang-rt-14-dev valgrind abigail-tools binutils \
    libuchardet-dev libenca-dev uchardet enca opencc libopencc-data unicode-data \
    python3-jieba libfriso-dev friso-dict \
    libgroonga-dev libsqlite3-dev libxapian-dev time \
    python3-pytest python3-setuptools python3-wheel python3-pip python3-venv golang-go \
    dpkg-dev debhelper dh-python python3-all pybuild-plugin-pyproject lintian \
    python3-dask python3-distributed \
    > /dev/null
