// camtrace-loggen: writes a large serving log for the log-ingestion benchmark (bench/log_throughput.sh).
//   camtrace-loggen jsonl|nginx|csv LINES OUT [SESSIONS] [CAMERAS]
// One line in a thousand serves another camera's object; the rest serve the session's own camera.

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: camtrace-loggen jsonl|nginx|csv LINES OUT [SESSIONS] [CAMERAS]\n");
    return 2;
  }
  const std::string format = argv[1];
  const long long lines = std::atoll(argv[2]);
  const long long sessions = argc > 4 ? std::atoll(argv[4]) : std::max(1LL, lines / 10);
  const long long cameras = argc > 5 ? std::atoll(argv[5]) : 100000;
  std::FILE* out = std::fopen(argv[3], "wb");
  if (!out) {
    std::perror(argv[3]);
    return 1;
  }
  std::mt19937_64 rng(42);
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (format == "csv")
    std::fprintf(out,
                 "time,session,viewer,camera,object,object_camera,cache_status,node,bitrate_kbps,event\n");
  for (long long i = 0; i < lines; ++i) {
    const long long session = static_cast<long long>(rng() % static_cast<unsigned long long>(sessions));
    const long long claimed = session % cameras;
    const bool foreign = rng() % 1000 == 0;
    const long long owner = foreign ? (claimed + 1 + static_cast<long long>(rng() % 97)) % cameras : claimed;
    const long long t = 1577354400 + i / 2000;  // 2000 lines a second, ~1.4 hours for 10M
    const int node = static_cast<int>(rng() % 8);
    const int rtt = foreign ? 800 + static_cast<int>(rng() % 700) : 20 + static_cast<int>(rng() % 80);
    const int h = static_cast<int>(t / 3600 % 24), m = static_cast<int>(t / 60 % 60),
              s = static_cast<int>(t % 60);
    if (format == "jsonl") {
      std::fprintf(
          out,
          "{\"ts\":\"2019-12-26T%02d:%02d:%02dZ\",\"session_id\":\"s-%lld\",\"user\":\"u-%lld\",\"device\":"
          "\"cam-%lld\","
          "\"key\":\"thumbs/cam-%lld/%lld.jpg\",\"owner\":\"cam-%lld\",\"cache\":\"%s\",\"node\":\"edge-%d\","
          "\"net\":{\"rtt_ms\":%d,\"kbps\":%d},\"action\":\"served\"}\n",
          h, m, s, session, session * 7 % 1000003, claimed, owner, i, owner, (i & 3) ? "HIT" : "MISS", node,
          rtt, 2000 + static_cast<int>(rng() % 2000));
    } else if (format == "nginx") {
      std::fprintf(out,
                   "10.%d.%d.%d - u-%lld [26/%s/2019:%02d:%02d:%02d +0000] \"GET "
                   "/v1/thumbs/cam-%lld/%lld.jpg?session=s-%lld&cam=cam-%lld "
                   "HTTP/1.1\" 200 %d \"SmartDisplay/2.1\" %s %d.%03d edge-%d\n",
                   node, static_cast<int>(i % 250), static_cast<int>(i / 250 % 250), session * 7 % 1000003,
                   kMonths[11], h, m, s, owner, i, session, claimed, 4000 + static_cast<int>(i % 3000),
                   (i & 3) ? "HIT" : "MISS", rtt / 1000, rtt % 1000, node);
    } else {
      std::fprintf(
          out, "2019-12-26T%02d:%02d:%02dZ,s-%lld,u-%lld,cam-%lld,o-%llx,cam-%lld,%s,edge-%d,%d,served\n", h,
          m, s, session, session * 7 % 1000003, claimed, static_cast<unsigned long long>(i) * 2654435761ULL,
          owner, (i & 3) ? "HIT" : "MISS", node, 2000 + static_cast<int>(rng() % 2000));
    }
  }
  return std::fclose(out) == 0 ? 0 : 1;
}
