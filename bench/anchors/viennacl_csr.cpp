// Anchor: ViennaCL's CSR sparse x dense product (OpenCL backend) on the shapes of bench-gale.yaml,
// so the suite's CSR kernels can be compared with a public library on the same OpenCL device.
// A random M x K matrix (uniform pattern, seeded) times a dense K x N B, C = prod(A, B); at N = 1
// the product is ViennaCL's SpMV (prod(A, x)), which is what a user would call there.
// Timing: host clock around the call and viennacl::backend::finish(), warm-up runs not counted.
// Validation: the output buffer starts as NaN; after the last run, C is compared in double
// precision with a host reference on a spread of rows (all rows when that is cheap).
// One JSON line per (sparsity, N) on stdout; progress and errors on stderr.
//
// Build (header-only ViennaCL from Debian's libviennacl-dev):
//   g++ -O2 -std=c++11 -DVIENNACL_WITH_OPENCL -DCL_TARGET_OPENCL_VERSION=120
//       -DCL_USE_DEPRECATED_OPENCL_1_2_APIS bench/anchors/viennacl_csr.cpp -o build/viennacl_csr -lOpenCL
//   (one line; bench/run_bench.sh does it)
// Usage: viennacl_csr --device SEL [--M 4096] [--K 4096] [--N 1,256] [--sparsity 0.5,0.9]
//                     [--warmup 1] [--repeats 5] [--max-seconds 5] [--seed 42] [--tolerance 1e-4]
//                     [--layout row|col]   (of B and C; default row, as the suite stores them)
//        viennacl_csr --list
// SEL is an index P:D (as `sparsebench devices` prints it), a type (gpu, cpu, accelerator/fpga),
// or a case-insensitive substring of the device name, vendor or platform name, as for sparsebench;
// the first match is used.
#include <CL/cl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "viennacl/backend/memory.hpp"
#include "viennacl/compressed_matrix.hpp"
#include "viennacl/linalg/prod.hpp"
#include "viennacl/linalg/sparse_matrix_operations.hpp"
#include "viennacl/matrix.hpp"
#include "viennacl/ocl/backend.hpp"
#include "viennacl/vector.hpp"

namespace {

struct options {
    std::string device_sel;
    int M = 4096, K = 4096;
    std::vector<int> Ns{256};
    std::vector<double> sparsities{0.5, 0.7, 0.9, 0.95, 0.98};
    int warmup = 1, repeats = 5;
    double max_seconds = 5.0; // stop repeating (after 3 counted runs) once this much time is spent
    uint64_t seed = 42;
    double tolerance = 1e-4;
    std::string layout = "row"; // of B and C: row (as the suite stores them) or col
    bool list = false;
};

struct cl_device_pick {
    cl_platform_id platform = nullptr;
    cl_device_id device = nullptr;
    std::string platform_name, device_name, vendor;
    int p = -1, d = -1;
};

[[noreturn]] void die(const std::string &msg, int code = 2)
{
    std::fprintf(stderr, "viennacl_csr: %s\n", msg.c_str());
    std::exit(code);
}

std::string lower(std::string s)
{
    for (auto &c : s)
        c = (char)std::tolower((unsigned char)c);
    return s;
}

// JSON strings: device names are plain, but escape the two characters that would break a line.
std::string json_str(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if ((unsigned char)c >= 0x20)
            out += c;
    }
    return out + "\"";
}

template <typename T> std::vector<T> parse_list(const char *flag, const char *text)
{
    std::vector<T> out;
    std::string s(text);
    size_t pos = 0;
    while (pos <= s.size()) {
        size_t end = s.find(',', pos);
        if (end == std::string::npos)
            end = s.size();
        std::string item = s.substr(pos, end - pos);
        char *rest = nullptr;
        double v = std::strtod(item.c_str(), &rest);
        if (item.empty() || *rest)
            die(std::string(flag) + ": '" + item + "' is not a number (expected a comma-separated list)");
        out.push_back((T)v);
        pos = end + 1;
    }
    return out;
}

options parse_args(int argc, char **argv)
{
    options o;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--list") {
            o.list = true;
            continue;
        }
        if (i + 1 >= argc)
            die("option " + a + " needs a value (see the usage at the top of viennacl_csr.cpp)");
        const char *v = argv[++i];
        if (a == "--device") o.device_sel = v;
        else if (a == "--M") o.M = std::atoi(v);
        else if (a == "--K") o.K = std::atoi(v);
        else if (a == "--N") o.Ns = parse_list<int>("--N", v);
        else if (a == "--sparsity") o.sparsities = parse_list<double>("--sparsity", v);
        else if (a == "--warmup") o.warmup = std::atoi(v);
        else if (a == "--repeats") o.repeats = std::atoi(v);
        else if (a == "--max-seconds") o.max_seconds = std::atof(v);
        else if (a == "--seed") o.seed = std::strtoull(v, nullptr, 10);
        else if (a == "--tolerance") o.tolerance = std::atof(v);
        else if (a == "--layout") o.layout = v;
        else die("unknown option " + a);
    }
    if (o.M < 1 || o.K < 1)
        die("--M and --K must be >= 1");
    for (int n : o.Ns)
        if (n < 1)
            die("--N values must be >= 1");
    for (double s : o.sparsities)
        if (!(s >= 0 && s < 1))
            die("--sparsity values must be in [0, 1)");
    if (o.warmup < 1)
        die("--warmup must be >= 1 (the first run builds ViennaCL's OpenCL programs)");
    if (o.repeats < 1)
        die("--repeats must be >= 1");
    if (o.layout != "row" && o.layout != "col")
        die("--layout must be row or col, got '" + o.layout + "'");
    if (!o.list && o.device_sel.empty())
        die("--device SEL is required (an index P:D, gpu, cpu, accelerator, or a name substring); --list shows the devices");
    return o;
}

std::string cl_info_str(cl_platform_id p, cl_device_id d, cl_uint param)
{
    char buf[1024] = "";
    cl_int rc = d ? clGetDeviceInfo(d, param, sizeof buf - 1, buf, nullptr)
                  : clGetPlatformInfo(p, param, sizeof buf - 1, buf, nullptr);
    if (rc != CL_SUCCESS)
        die("clGet" + std::string(d ? "Device" : "Platform") + "Info failed with " + std::to_string(rc));
    return buf;
}

// Every device of every platform, in the order sparsebench numbers them (P:D).
std::vector<cl_device_pick> all_devices()
{
    cl_uint np = 0;
    cl_int rc = clGetPlatformIDs(0, nullptr, &np);
    if (rc != CL_SUCCESS || np == 0)
        die("no OpenCL platform found (clGetPlatformIDs returned " + std::to_string(rc) +
            "); install an OpenCL driver and check with clinfo -l");
    std::vector<cl_platform_id> plats(np);
    clGetPlatformIDs(np, plats.data(), nullptr);
    std::vector<cl_device_pick> out;
    for (cl_uint p = 0; p < np; p++) {
        cl_uint nd = 0;
        if (clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, 0, nullptr, &nd) != CL_SUCCESS || nd == 0)
            continue;
        std::vector<cl_device_id> devs(nd);
        clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, nd, devs.data(), nullptr);
        for (cl_uint d = 0; d < nd; d++) {
            cl_device_pick pick;
            pick.platform = plats[p];
            pick.device = devs[d];
            pick.platform_name = cl_info_str(plats[p], nullptr, CL_PLATFORM_NAME);
            pick.device_name = cl_info_str(plats[p], devs[d], CL_DEVICE_NAME);
            pick.vendor = cl_info_str(plats[p], devs[d], CL_DEVICE_VENDOR);
            pick.p = (int)p;
            pick.d = (int)d;
            out.push_back(pick);
        }
    }
    return out;
}

cl_device_pick select_device(const std::string &sel)
{
    std::vector<cl_device_pick> devs = all_devices();
    std::string want = lower(sel);
    cl_device_type type = 0;
    if (want == "gpu") type = CL_DEVICE_TYPE_GPU;
    if (want == "cpu") type = CL_DEVICE_TYPE_CPU;
    if (want == "accelerator" || want == "fpga") type = CL_DEVICE_TYPE_ACCELERATOR;
    for (const auto &d : devs) {
        std::string index = std::to_string(d.p) + ":" + std::to_string(d.d);
        bool hit;
        if (type) {
            cl_device_type t = 0;
            clGetDeviceInfo(d.device, CL_DEVICE_TYPE, sizeof t, &t, nullptr);
            hit = (t & type) != 0;
        } else {
            hit = want == index || lower(d.device_name).find(want) != std::string::npos ||
                  lower(d.vendor).find(want) != std::string::npos ||
                  lower(d.platform_name).find(want) != std::string::npos;
        }
        if (hit)
            return d;
    }
    std::string names;
    for (const auto &d : devs)
        names += "\n  " + std::to_string(d.p) + ":" + std::to_string(d.d) + "  " + d.platform_name + " / " + d.device_name;
    die("no OpenCL device matches '" + sel + "'; there are:" + names);
}

double now_ms()
{
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

struct host_csr {
    std::vector<unsigned int> row_ptr, col;
    std::vector<float> val;
};

// Uniform random pattern: each element is kept with probability 1 - sparsity (so row lengths vary
// binomially, as after magnitude pruning of random weights); values uniform in [-1, 1).
host_csr random_csr(int M, int K, double sparsity, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    std::uniform_real_distribution<float> val(-1.0f, 1.0f);
    host_csr A;
    A.row_ptr.reserve((size_t)M + 1);
    A.row_ptr.push_back(0);
    size_t expect = (size_t)((1.0 - sparsity) * M * (double)K * 1.01) + 16;
    A.col.reserve(expect);
    A.val.reserve(expect);
    for (int r = 0; r < M; r++) {
        for (int c = 0; c < K; c++)
            if (u01(rng) >= sparsity) {
                A.col.push_back((unsigned int)c);
                A.val.push_back(val(rng));
            }
        A.row_ptr.push_back((unsigned int)A.col.size());
    }
    return A;
}

// The rows the host reference checks: all of them when that is cheap, else an even spread
// (first and last included) sized to ~2e8 multiply-adds, so validation stays within a second.
std::vector<int> rows_to_check(int M, double avg_row_nnz, int N)
{
    double budget = 2e8;
    int n = (int)std::min<double>(M, std::max(64.0, budget / std::max(1.0, avg_row_nnz * N)));
    std::vector<int> rows;
    for (int i = 0; i < n; i++)
        rows.push_back(n == 1 ? 0 : (int)((int64_t)i * (M - 1) / (n - 1)));
    return rows;
}

// ||C - C_ref||_2 / ||C_ref||_2 over the checked rows; NaN (never <= tolerance) if C has a NaN.
double rel_error(const host_csr &A, const std::vector<float> &B, int N, const float *C, size_t ldc,
                 const std::vector<int> &rows)
{
    double num = 0, den = 0;
    std::vector<double> ref((size_t)N);
    for (int r : rows) {
        std::fill(ref.begin(), ref.end(), 0.0);
        for (unsigned int k = A.row_ptr[r]; k < A.row_ptr[r + 1]; k++) {
            double a = A.val[k];
            const float *b = &B[(size_t)A.col[k] * N];
            for (int j = 0; j < N; j++)
                ref[j] += a * (double)b[j];
        }
        for (int j = 0; j < N; j++) {
            double c = C[(size_t)r * ldc + j];
            num += (c - ref[j]) * (c - ref[j]);
            den += ref[j] * ref[j];
        }
    }
    if (std::isnan(num))
        return std::numeric_limits<double>::quiet_NaN();
    return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Runs fn warmup times, then at least `repeats` counted times (at least 3 and at most `repeats`
// once max_seconds is spent), each timed with the host clock around fn() + finish().
template <typename Fn> std::vector<double> time_runs(const options &o, Fn fn)
{
    for (int i = 0; i < o.warmup; i++) {
        fn();
        viennacl::backend::finish();
    }
    std::vector<double> ms;
    double spent = 0;
    while ((int)ms.size() < o.repeats) {
        double t0 = now_ms();
        fn();
        viennacl::backend::finish();
        double t = now_ms() - t0;
        ms.push_back(t);
        spent += t;
        if ((int)ms.size() >= 3 && spent > o.max_seconds * 1e3)
            break;
    }
    return ms;
}

// Element (r, c) of a ViennaCL matrix in its padded storage (internal sizes), either layout.
template <typename Layout> size_t padded_index(const viennacl::matrix<float, Layout> &m, size_t r, size_t c)
{
    return m.row_major() ? r * m.internal_size2() + c : c * m.internal_size1() + r;
}

// C = A B with B and C dense in the given layout; ViennaCL pads rows and columns, so the host
// buffers are written and read with its internal sizes. C comes back row-major, M x N.
template <typename Layout>
std::vector<double> spmm(const options &o, const viennacl::compressed_matrix<float> &vA,
                         const std::vector<float> &B, int K, int N, int M, std::vector<float> &C)
{
    viennacl::matrix<float, Layout> vB(K, N), vC(M, N);
    std::vector<float> pad(vB.internal_size(), 0.0f);
    for (int k = 0; k < K; k++)
        for (int j = 0; j < N; j++)
            pad[padded_index(vB, k, j)] = B[(size_t)k * N + j];
    viennacl::backend::memory_write(vB.handle(), 0, pad.size() * sizeof(float), pad.data());
    pad.assign(vC.internal_size(), std::numeric_limits<float>::quiet_NaN()); // unwritten -> NaN
    viennacl::backend::memory_write(vC.handle(), 0, pad.size() * sizeof(float), pad.data());
    // `vC = prod(vA, vB)` expands to exactly this call, but with GCC 12+ that expression does not
    // compile (matrix.hpp names the sparse prod_impl before its header declares it).
    std::vector<double> ms = time_runs(o, [&] { viennacl::linalg::prod_impl(vA, vB, vC); });
    viennacl::backend::memory_read(vC.handle(), 0, pad.size() * sizeof(float), pad.data());
    C.assign((size_t)M * N, 0.0f);
    for (int r = 0; r < M; r++)
        for (int j = 0; j < N; j++)
            C[(size_t)r * N + j] = pad[padded_index(vC, r, j)];
    return ms;
}

// One (sparsity, N) case: returns false when validation fails.
bool run_case(const options &o, const cl_device_pick &dev, const host_csr &A, double sparsity, int N)
{
    const int M = o.M, K = o.K;
    size_t nnz = A.val.size();
    std::vector<float> B((size_t)K * N);
    std::mt19937_64 rng(o.seed * 1000003ULL + (uint64_t)N);
    std::uniform_real_distribution<float> val(-1.0f, 1.0f);
    for (auto &x : B)
        x = val(rng);
    const float nan = std::numeric_limits<float>::quiet_NaN();

    viennacl::compressed_matrix<float> vA(M, K);
    vA.set(A.row_ptr.data(), A.col.data(), A.val.data(), (viennacl::vcl_size_t)M, (viennacl::vcl_size_t)K, (viennacl::vcl_size_t)nnz);

    std::vector<double> ms;
    std::vector<float> C;
    size_t ldc;
    const char *op;
    if (N == 1) {
        op = "spmv";
        viennacl::vector<float> x(K), y(M);
        viennacl::fast_copy(B.begin(), B.end(), x.begin());
        std::vector<float> poison((size_t)M, nan);
        viennacl::fast_copy(poison.begin(), poison.end(), y.begin());
        ms = time_runs(o, [&] { y = viennacl::linalg::prod(vA, x); });
        C.resize((size_t)M);
        viennacl::fast_copy(y.begin(), y.end(), C.begin());
        ldc = 1;
    } else {
        op = "spmm";
        ms = o.layout == "col" ? spmm<viennacl::column_major>(o, vA, B, K, N, M, C)
                               : spmm<viennacl::row_major>(o, vA, B, K, N, M, C);
        ldc = (size_t)N;
    }

    std::vector<int> rows = rows_to_check(M, (double)nnz / M, N);
    double err = rel_error(A, B, N, C.data(), ldc, rows);
    bool ok = err <= o.tolerance;
    double measured = 1.0 - (double)nnz / ((double)M * K);
    std::printf("{\"anchor\":\"viennacl_csr\",\"library\":\"ViennaCL %d.%d.%d\",\"op\":\"%s\",\"layout\":\"%s\","
                "\"device\":%s,\"platform\":%s,\"device_index\":\"%d:%d\",\"M\":%d,\"K\":%d,\"N\":%d,"
                "\"sparsity\":%g,\"measured_sparsity\":%.6f,\"nnz\":%zu,\"median_ms\":%.6g,\"min_ms\":%.6g,"
                "\"runs\":%zu,\"warmup\":%d,\"timer\":\"host\",\"rel_error\":%.3g,\"checked_rows\":%zu,"
                "\"status\":\"%s\"}\n",
                VIENNACL_MAJOR_VERSION, VIENNACL_MINOR_VERSION, VIENNACL_PATCH_VERSION, op,
                N == 1 ? "vector" : o.layout == "col" ? "column-major" : "row-major",
                json_str(dev.device_name).c_str(), json_str(dev.platform_name).c_str(), dev.p, dev.d,
                M, K, N, sparsity, measured, nnz, median(ms), *std::min_element(ms.begin(), ms.end()),
                ms.size(), o.warmup, std::isnan(err) ? -1.0 : err, rows.size(), ok ? "ok" : "wrong");
    std::fflush(stdout);
    if (!ok)
        std::fprintf(stderr, "viennacl_csr: FAIL: sparsity %g, N %d: relative error %g > %g%s\n",
                     sparsity, N, err, o.tolerance, std::isnan(err) ? " (NaN: an element was not written)" : "");
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    options o = parse_args(argc, argv);
    if (o.list) {
        for (const auto &d : all_devices())
            std::printf("%d:%d  %s / %s\n", d.p, d.d, d.platform_name.c_str(), d.device_name.c_str());
        return 0;
    }
    cl_device_pick dev = select_device(o.device_sel);
    std::fprintf(stderr, "viennacl_csr: device %d:%d %s / %s\n", dev.p, dev.d, dev.platform_name.c_str(),
                 dev.device_name.c_str());
    bool all_ok = true;
    try {
        cl_int rc;
        cl_context ctx = clCreateContext(nullptr, 1, &dev.device, nullptr, nullptr, &rc);
        if (rc != CL_SUCCESS)
            die("clCreateContext on " + dev.device_name + " failed with " + std::to_string(rc));
        cl_command_queue q = clCreateCommandQueue(ctx, dev.device, 0, &rc);
        if (rc != CL_SUCCESS)
            die("clCreateCommandQueue on " + dev.device_name + " failed with " + std::to_string(rc));
        viennacl::ocl::setup_context(0, ctx, dev.device, q);
        viennacl::ocl::switch_context(0);
        for (double s : o.sparsities) {
            uint64_t mseed = o.seed * 7919ULL + (uint64_t)std::llround(s * 1e6);
            host_csr A = random_csr(o.M, o.K, s, mseed);
            if (A.val.empty())
                die("the random matrix at sparsity " + std::to_string(s) + " has no non-zero; use a larger M x K");
            for (int N : o.Ns) {
                std::fprintf(stderr, "viennacl_csr: sparsity %g, N %d\n", s, N);
                all_ok &= run_case(o, dev, A, s, N);
            }
        }
    } catch (const std::exception &e) {
        die(std::string("ViennaCL/OpenCL error on ") + dev.device_name + ": " + e.what());
    }
    return all_ok ? 0 : 1;
}
