#!/usr/bin/env python3
"""Hostile sizes (issue 19 points 13-14, issue 15 point 7): time and peak
memory of `stories` and `translations` on inputs that used to blow up,
each against `clean` on the same input in the same run (reading, parsing
and cleaning it: the floor any command pays).  Ratios are the figure;
absolute times on shared machines are noise.

    python3 bench/bench_sizes.py [--bin build/samestory] [--scale 1.0]

Inputs (generated, written by this script into a temporary folder):
  tiny-N      N tiny articles of one day (12,500 .. 100,000 at scale 1):
              stories must stay linear (time per article flat)
  numbers     one document of 4 million distinct numbers
  dump        two documents of 28 MB of generated prose
  han         two documents of 3.5 million identical Chinese characters
  zh / en     two generated Chinese / English documents under the cap:
              translations per byte, Chinese against English
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

WORDS = ("river bridge council mayor storm harbor budget vote school police fire market train "
         "road park museum festival water power union court hospital said would after before "
         "during people city state week").split()
HAN = ("政府 总统 部长 会议 城市 河流 桥梁 选举 学校 警察 火灾 市场 火车 道路 公园 博物馆 节日 电力 "
       "工会 法院 医院 人民 国家 经济 发展 银行 公司 记者 报道 官员 表示 宣布 调查 事故 地震 洪水 暴雨 "
       "救援 建设 投资 计划 预算 改革 外交 合作 协议 谈判 军队 和平 安全 能源 石油 价格 增长 北京 上海 "
       "东京 莫斯科 华盛顿 伦敦 巴黎 柏林 科学家 研究 大学 学生 医生 病毒 卫星 火箭 网络 数据 技术 工厂 "
       "工人 粮食 天气 气候 环境 森林 海洋 港口 机场 航班 文化 电影 音乐 足球 比赛").split()


def write(path, recs):
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def tiny(n):
    rng = random.Random(7)
    for i in range(n):
        w = rng.sample(WORDS, 6)
        yield {"id": "t%d" % i, "title": " ".join(w[:3]), "lang": "en", "date": "2026-11-02",
               "text": "The %s and the %s met the %s. Officials said the %s was %d." % (
                   w[0], w[1], w[2], w[3], rng.randint(1, 999))}


def prose(rng, sentences):
    return "".join("The %s %s %s the %s of %s %d. " % tuple(rng.sample(WORDS, 5) + [rng.randint(1, 10**6)])
                   for _ in range(sentences))


def han(rng, sentences):
    return "".join("".join(rng.choice(HAN) for _ in range(rng.randint(6, 14))) + "。"
                   for _ in range(sentences))


def measure(binary, cmd, path):
    # a fresh child for each, so the peak is its own
    code = ("import resource, subprocess, sys, time; t = time.monotonic(); "
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
            "print(time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)")
    out = subprocess.run([sys.executable, "-c", code, binary, cmd, "-q", path], capture_output=True,
                         text=True, check=True).stdout.split()
    if out[2] != "0":
        sys.exit("failed: %s %s %s" % (binary, cmd, path))
    return float(out[0]), int(out[1]) / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "build", "samestory"))
    ap.add_argument("--scale", type=float, default=1.0, help="input sizes times this (0.1 for a quick look)")
    a = ap.parse_args()
    s = a.scale
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for n in (12500, 25000, 50000, 100000):
            n = max(100, int(n * s))
            cases.append(("tiny-%d" % n, "stories", write(os.path.join(tmp, "tiny%d.jsonl" % n), tiny(n)), n))
        cases.append(("numbers", "stories", write(os.path.join(tmp, "numbers.jsonl"), [
            {"id": "numbers", "title": "Numbers", "date": "2026-11-02",
             "text": "Figures: " + " ".join(str(i) for i in range(int(4000000 * s))) + "."}]), 1))
        dump = write(os.path.join(tmp, "dump.jsonl"), [
            {"id": "d%d" % k, "title": "Dump %d" % k, "date": "2026-11-02", "text": prose(rng, int(560000 * s))}
            for k in range(2)])
        cases.append(("dump", "stories", dump, 2))
        same = write(os.path.join(tmp, "han.jsonl"), [
            {"id": "h%d" % k, "title": "大", "date": "2026-11-02", "text": "大" * int(3500000 * s)}
            for k in range(2)])
        cases.append(("han", "stories", same, 2))
        cases.append(("han", "translations", same, 2))
        zh = write(os.path.join(tmp, "zh.jsonl"), [
            {"id": "z%d" % k, "title": "新闻", "date": "2026-11-02", "text": han(rng, 2000)} for k in range(2)])
        en = write(os.path.join(tmp, "en.jsonl"), [
            {"id": "e%d" % k, "title": "News", "date": "2026-11-02", "text": prose(rng, 4000)} for k in range(2)])
        cases.append(("zh", "translations", zh, 2))
        cases.append(("en", "translations", en, 2))
        print("%-12s %-13s %9s %9s %9s %9s %8s %10s" % ("input", "command", "MB in", "s", "peak MiB",
                                                       "clean s", "x clean", "us/article"))
        per_byte = {}
        for name, cmd, path, n in cases:
            mb = os.path.getsize(path) / 1e6
            t, rss = measure(a.bin, cmd, path)
            tc, _ = measure(a.bin, "clean", path)
            per_byte[(name, cmd)] = t / mb
            print("%-12s %-13s %9.1f %9.2f %9.0f %9.2f %8.1f %10.1f" % (name, cmd, mb, t, rss, tc, t / tc,
                                                                     1e6 * t / n))
        zh_en = per_byte[("zh", "translations")] / per_byte[("en", "translations")]
        print("translations, seconds per MB, Chinese / English: %.1fx" % zh_en)


if __name__ == "__main__":
    main()
