#!/usr/bin/env bash
# Installs TFPKit's system libraries, builds the `tfp` tool in release mode, and
# runs the main job on bundled real data: growth accounting for Viet Nam,
# 2011-2015 and 2016-2019, by the statistics office's method.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/system-packages.sh
swift build -c release --product tfp
export OPENBLAS_NUM_THREADS=1
DATA=Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv
for period in "2011 2015" "2016 2019"; do
  set -- $period
  .build/release/tfp account "$DATA" --capital-share 0.6 --depreciation 0.05 --from "$1" --to "$2" --summary
  echo
done
echo "Published by the statistics office (GSO): TFP share 33.58% in 2011-2015 (before the 2019 GDP revision),"
echo "44.46% in 2016-2019. README.md explains the differences (shares, capital series, output vintage)."
echo
echo "The tool is at $(pwd)/.build/release/tfp (try: .build/release/tfp --help)."
