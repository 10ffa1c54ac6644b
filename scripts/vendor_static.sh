#!/usr/bin/env bash
# Refresh the vendored front-end files from pinned npm packages.
# Upgrading is one command: edit a version below and run `make vendor`.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=zhanggui/core/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

packages=(
  "@tabler/core@1.6.1"
  "htmx.org@2.0.11"
  "alpinejs@3.15.9"
  "echarts@5.6.0"
)

(cd "$tmp" && for p in "${packages[@]}"; do npm pack --silent "$p" >/dev/null; done)
rm -rf "$dest" && mkdir -p "$dest"/{tabler,htmx,alpine,echarts}

unpack() { mkdir -p "$tmp/$1" && tar -xzf "$tmp"/$2 -C "$tmp/$1" --strip-components=1; }
unpack tabler "tabler-core-*.tgz"
unpack htmx "htmx.org-*.tgz"
unpack alpine "alpinejs-*.tgz"
unpack echarts "echarts-*.tgz"

cp "$tmp"/tabler/dist/css/tabler.min.css "$dest"/tabler/
cp "$tmp"/tabler/dist/js/tabler.min.js "$dest"/tabler/
cp "$tmp"/tabler/package.json "$dest"/tabler/package.json  # licence: MIT (no LICENSE file is shipped)
cp "$tmp"/htmx/dist/htmx.min.js "$dest"/htmx/
cp "$tmp"/htmx/LICENSE "$dest"/htmx/LICENSE 2>/dev/null || cp "$tmp"/htmx/package.json "$dest"/htmx/
cp "$tmp"/alpine/dist/cdn.min.js "$dest"/alpine/alpine.min.js
cp "$tmp"/alpine/LICENSE.md "$dest"/alpine/LICENSE.md 2>/dev/null || true
cp "$tmp"/echarts/dist/echarts.min.js "$dest"/echarts/
cp "$tmp"/echarts/LICENSE "$dest"/echarts/LICENSE 2>/dev/null || true
# Source maps are not vendored: drop the comments naming them, which collectstatic's manifest
# storage (production) refuses as references to missing files.
sed -i '/^\/[*\/]# sourceMappingURL=/d' "$dest"/tabler/tabler.min.css "$dest"/tabler/tabler.min.js
printf '%s\n' "${packages[@]}" > "$dest"/VERSIONS
echo "vendored into $dest:"; cat "$dest"/VERSIONS
