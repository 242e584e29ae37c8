#!/usr/bin/env bash
# Installs libpromo to a temporary prefix, shared and then static, and builds
# and runs a consumer against each with find_package(promo) and with
# pkg-config. Usage: tests/install/check.sh [build options for cmake...]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for kind in shared static; do
  shared=OFF
  [ "$kind" = shared ] && shared=ON
  prefix="$work/$kind/prefix"
  echo "== $kind: build and install to $prefix"
  cmake -S "$src" -B "$work/$kind/build" -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=$shared -DPROMO_BUILD_TESTS=OFF \
    -DPROMO_BUILD_EXAMPLES=OFF -DPROMO_BUILD_PYTHON=OFF \
    -DCMAKE_INSTALL_PREFIX="$prefix" "$@" >/dev/null
  cmake --build "$work/$kind/build" -j 2 >/dev/null
  cmake --install "$work/$kind/build" >/dev/null

  echo "== $kind: find_package(promo)"
  cmake -S "$src/tests/install" -B "$work/$kind/consumer" \
    -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build "$work/$kind/consumer" >/dev/null
  LD_LIBRARY_PATH="$prefix/lib" "$work/$kind/consumer/consumer"
  if [ -x "$work/$kind/consumer/consumer_pg" ]; then
    LD_LIBRARY_PATH="$prefix/lib" "$work/$kind/consumer/consumer_pg"
  fi

  echo "== $kind: pkg-config"
  pcdir=$(dirname "$(find "$prefix" -name promo.pc | head -n 1)")
  static_flag=""
  [ "$kind" = static ] && static_flag=--static
  # shellcheck disable=SC2046
  cc -o "$work/$kind/pc-consumer" "$src/tests/install/consumer.c" \
    $(PKG_CONFIG_PATH="$pcdir" pkg-config $static_flag --cflags --libs promo)
  LD_LIBRARY_PATH="$prefix/lib" "$work/$kind/pc-consumer"
  if [ -n "$(find "$prefix" -name promo-pg.pc)" ]; then
    echo "== $kind: pkg-config promo-pg"
    # Debian's libpq-dev ships no static libpgcommon/libpgport, so a
    # static promo_pg still links libpq as a shared library.
    pg_libs=$(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs promo-pg)
    if [ "$kind" = static ]; then
      pg_libs="$pg_libs $(PKG_CONFIG_PATH="$pcdir" pkg-config --static --libs promo) $(pkg-config --libs libpq)"
    fi
    # shellcheck disable=SC2086
    cc -o "$work/$kind/pc-consumer-pg" "$src/tests/install/consumer_pg.c" \
      $pg_libs
    LD_LIBRARY_PATH="$prefix/lib" "$work/$kind/pc-consumer-pg"
    [ -f "$(dirname "$pcdir")/../share/promo/pg/schema-1.sql" ] ||
      [ -n "$(find "$prefix" -name schema-1.sql)" ] ||
      { echo "the schema is not installed" >&2; exit 1; }
    if [ "$kind" = shared ] &&
       readelf -d "$prefix"/lib*/libpromo.so | grep -q 'libpq'; then
      echo "libpromo links libpq" >&2
      exit 1
    fi
  fi
  if [ "$kind" = shared ]; then
    # A shared consumer links libpromo only: ICU stays behind it.
    if readelf -d "$work/$kind/pc-consumer" | grep -q 'libicu'; then
      echo "the consumer links ICU directly" >&2
      exit 1
    fi
  fi
done
echo "install check: ok"
