//! Image processing for templates and shortcodes (`resize_image`): a JPEG, PNG or WebP of the
//! site resized (`fit`, `fill`, `fit_width`, `fit_height`, `scale`) and encoded (`jpg`, `png`,
//! `webp` or the source's format), written once into a cache under the site root
//! ([`CACHE_DIR`]) named by a hash of the source's bytes and the parameters, so an unchanged
//! image is never processed twice; the build copies the files a render asked for
//! ([`Images::produced`]) to `processed_images/` in the output. Calls come from pages rendered in
//! parallel, so images are processed in parallel. A source of more than [`MAX_PIXELS`] pixels is
//! refused before it is decoded (a decompression bomb is a few kilobytes of PNG).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use image::{DynamicImage, ImageFormat, ImageReader, imageops::FilterType};
use tera::{Kwargs, State, TeraResult, Value};

/// The cache of processed images, under the site root.
pub const CACHE_DIR: &str = ".cache/deload-images";
/// Where processed images go in the output.
pub const OUT_DIR: &str = "processed_images";
/// The most pixels (width × height) of a source image deload decodes: 100 megapixels.
pub const MAX_PIXELS: u64 = 100_000_000;

/// How an image is fitted to the size asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Within width × height, the aspect ratio kept.
    Fit,
    /// Exactly width × height, cropped to the centre.
    Fill,
    /// To the width, the height following.
    FitWidth,
    /// To the height, the width following.
    FitHeight,
    /// Exactly width × height, stretched.
    Scale,
}

impl Op {
    /// `fit`, `fill`, `fit_width`, `fit_height`, `scale`.
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "fit" => Op::Fit,
            "fill" => Op::Fill,
            "fit_width" => Op::FitWidth,
            "fit_height" => Op::FitHeight,
            "scale" => Op::Scale,
            _ => return None,
        })
    }
}

/// What `resize_image` was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// The fit.
    pub op: Op,
    /// The width asked for (needed but by `fit_height`).
    pub width: Option<u32>,
    /// The height asked for (needed but by `fit_width`).
    pub height: Option<u32>,
    /// The format to write; `None`: the source's.
    pub format: Option<ImageFormat>,
    /// The quality, 1 to 100: JPEG's (75 when not given) and WebP's, where a quality makes a
    /// lossy WebP (VP8) and none a lossless one.
    pub quality: Option<u8>,
}

/// How a WebP is encoded: lossless when no quality is given, else lossy at that quality.
fn webp_mode(quality: Option<u8>) -> String {
    quality.map_or("lossless".to_string(), |q| format!("lossy {q}"))
}

/// A processed image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resized {
    /// Its path in the output (`processed_images/0123abcd.jpg`).
    pub path: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// The images processed for one build.
#[derive(Debug)]
pub struct Images {
    cache: PathBuf,
    produced: Mutex<BTreeMap<String, PathBuf>>,
}

impl Images {
    /// Images of the site at `root`, cached in `root/`[`CACHE_DIR`].
    pub fn new(root: &Path) -> Images {
        Images {
            cache: root.join(CACHE_DIR),
            produced: Mutex::new(BTreeMap::new()),
        }
    }

    /// The processed files a render asked for: (path in the output, file in the cache).
    pub fn produced(&self) -> Vec<(String, PathBuf)> {
        let map = self
            .produced
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// `source` processed as `req` asks, from the cache when it was done before. The error's
    /// words name what is wrong (the caller locates them).
    pub fn resize(&self, source: &Path, req: &Request) -> Result<Resized, String> {
        let bytes = std::fs::read(source).map_err(|e| format!("cannot read the image: {e}"))?;
        let reader = ImageReader::new(Cursor::new(&bytes[..]))
            .with_guessed_format()
            .map_err(|e| format!("cannot read the image: {e}"))?;
        let Some(from) = reader.format() else {
            return Err("not a JPEG, PNG or WebP image".to_string());
        };
        let (w, h) = reader
            .into_dimensions()
            .map_err(|e| format!("cannot read the image's size: {e}"))?;
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(format!(
                "the image is {w}×{h} pixels, more than the {MAX_PIXELS} pixels deload decodes"
            ));
        }
        let (tw, th) = target(req, w, h)?;
        let format = req.format.unwrap_or(from);
        let ext = match format {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::WebP => "webp",
            _ => return Err("not a JPEG, PNG or WebP image".to_string()),
        };
        let source_hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        // the key names everything the output depends on; a WebP's encoding is spelt unlike
        // any key of the time when WebP was always lossless (`webp 75`), so an old cached file
        // is never taken for a lossy one
        let quality = match format {
            ImageFormat::WebP => webp_mode(req.quality),
            _ => req.quality.unwrap_or(JPEG_QUALITY).to_string(),
        };
        let key = format!("{source_hash:016x} {:?} {tw} {th} {ext} {quality}", req.op);
        let name = format!("{:016x}.{ext}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()));
        let path = format!("{OUT_DIR}/{name}");
        let cached = self.cache.join(&name);
        let first = {
            let mut map = self
                .produced
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            map.insert(path.clone(), cached.clone()).is_none()
        };
        if first && !cached.is_file() {
            let image = decode(&bytes)?;
            let out = fitted(&image, req.op, tw, th);
            write_cached(&self.cache, &cached, &encode(&out, format, req.quality)?)?;
        }
        Ok(Resized {
            path,
            width: tw,
            height: th,
        })
    }
}

/// The JPEG quality when none is given.
const JPEG_QUALITY: u8 = 75;

/// The template function `resize_image(path, width, height, op="fit", format="auto",
/// quality)`: `{url, width, height}`. `path` is a file of `content/` (`blog/trip/photo.jpg`,
/// or `@/blog/trip/photo.jpg`) or of `static/`; in a shortcode, a path without `/` or `@/` in
/// front is first looked for beside the page (the `page_dir` variable). `prefix` goes in front of
/// the output path in the URL (`/`, or the base URL's path).
pub fn tera_function(
    images: Arc<Images>,
    root: PathBuf,
    prefix: String,
) -> impl Fn(Kwargs, &State) -> TeraResult<Value> + Send + Sync + 'static {
    move |kw: Kwargs, state: &State| {
        let fail = |m: String| tera::Error::message(format!("resize_image: {m}"));
        let path: &str = kw.must_get("path")?;
        let page_dir: Option<String> = state.get("page_dir").ok().flatten();
        let source = find_source(&root, path, page_dir.as_deref()).ok_or_else(|| {
            fail(format!(
                "`{path}` is no file of content/ or static/ (the page's folder first)"
            ))
        })?;
        let req = request(&kw).map_err(fail)?;
        let r = images
            .resize(&source, &req)
            .map_err(|m| fail(format!("{path}: {m}")))?;
        Ok(Value::from(BTreeMap::from([
            ("url", Value::from(format!("{prefix}{}", r.path))),
            ("width", Value::from(u64::from(r.width))),
            ("height", Value::from(u64::from(r.height))),
        ])))
    }
}

/// The request the keyword arguments of `resize_image` make.
fn request(kw: &Kwargs) -> Result<Request, String> {
    let size = |name: &str| -> Result<Option<u32>, String> {
        let v: Option<i64> = kw.get(name).map_err(|e| e.to_string())?;
        v.map(|v| u32::try_from(v).map_err(|_| format!("`{name}` must be a number of pixels")))
            .transpose()
    };
    let op: Option<&str> = kw.get("op").map_err(|e| e.to_string())?;
    let op = op.unwrap_or("fit");
    let op = Op::parse(op)
        .ok_or_else(|| format!("`op` is `{op}`: one of fit, fill, fit_width, fit_height, scale"))?;
    let format: Option<&str> = kw.get("format").map_err(|e| e.to_string())?;
    let format = match format.unwrap_or("auto") {
        "auto" => None,
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        "png" => Some(ImageFormat::Png),
        "webp" => Some(ImageFormat::WebP),
        other => {
            return Err(format!(
                "`format` is `{other}`: one of auto, jpg, png, webp"
            ));
        }
    };
    let quality: Option<i64> = kw.get("quality").map_err(|e| e.to_string())?;
    let quality = quality.map(|q| u8::try_from(q.clamp(1, 100)).unwrap_or(JPEG_QUALITY));
    Ok(Request {
        op,
        width: size("width")?,
        height: size("height")?,
        format,
        quality,
    })
}

/// The file `path` names (see [`tera_function`]), inside content/ or static/.
fn find_source(root: &Path, path: &str, page_dir: Option<&str>) -> Option<PathBuf> {
    if path.split(['/', '\\']).any(|c| c == "..") {
        return None;
    }
    let mut candidates = Vec::new();
    if let Some(rel) = path.strip_prefix("@/") {
        candidates.push(root.join("content").join(rel));
    } else if let Some(rel) = path.strip_prefix('/') {
        candidates.extend([
            root.join("static").join(rel),
            root.join("content").join(rel),
        ]);
    } else {
        if let Some(dir) = page_dir.filter(|d| !d.is_empty()) {
            candidates.push(root.join("content").join(dir).join(path));
        }
        candidates.extend([
            root.join("content").join(path),
            root.join("static").join(path),
        ]);
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// The size `req` makes of a `w`×`h` image.
fn target(req: &Request, w: u32, h: u32) -> Result<(u32, u32), String> {
    let scaled = |num: u32, by: u32, of: u32| {
        let v = u64::from(num) * u64::from(by) / u64::from(of.max(1));
        u32::try_from(v.max(1)).unwrap_or(u32::MAX)
    };
    let need = |v: Option<u32>, what: &str| {
        v.filter(|v| *v > 0)
            .ok_or_else(|| format!("`{what}` is needed (a number of pixels above 0) for this `op`"))
    };
    Ok(match req.op {
        Op::FitWidth => {
            let tw = need(req.width, "width")?;
            (tw, scaled(h, tw, w))
        }
        Op::FitHeight => {
            let th = need(req.height, "height")?;
            (scaled(w, th, h), th)
        }
        Op::Fill | Op::Scale => (need(req.width, "width")?, need(req.height, "height")?),
        Op::Fit => {
            let (bw, bh) = (need(req.width, "width")?, need(req.height, "height")?);
            if w <= bw && h <= bh {
                (w, h)
            } else if u64::from(w) * u64::from(bh) > u64::from(h) * u64::from(bw) {
                (bw, scaled(h, bw, w))
            } else {
                (scaled(w, bh, h), bh)
            }
        }
    })
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| format!("cannot decode the image: {e}"))
}

fn fitted(image: &DynamicImage, op: Op, tw: u32, th: u32) -> DynamicImage {
    if (image.width(), image.height()) == (tw, th) {
        return image.clone();
    }
    match op {
        Op::Fill => image.resize_to_fill(tw, th, FilterType::Lanczos3),
        _ => image.resize_exact(tw, th, FilterType::Lanczos3),
    }
}

fn encode(
    image: &DynamicImage,
    format: ImageFormat,
    quality: Option<u8>,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let result = match (format, quality) {
        (ImageFormat::Jpeg, _) => {
            let q = quality.unwrap_or(JPEG_QUALITY).clamp(1, 100);
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
            image.to_rgb8().write_with_encoder(encoder)
        }
        (ImageFormat::WebP, Some(q)) => return lossy_webp(image, q),
        (ImageFormat::WebP, None) => image
            .to_rgba8()
            .write_to(&mut Cursor::new(&mut out), format),
        _ => image.write_to(&mut Cursor::new(&mut out), format),
    };
    result.map_err(|e| format!("cannot encode the image: {e}"))?;
    Ok(out)
}

/// A lossy WebP (VP8) of `image` at `quality` (1 to 100), by libwebp's encoder (the `image`
/// crate writes lossless WebP only); an image with transparency keeps it (a lossy alpha
/// channel). libwebp refuses a side over 16,383 pixels: an error, not a panic.
fn lossy_webp(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, String> {
    let alpha = image.color().has_alpha();
    let (pixels, channels) = if alpha {
        (image.to_rgba8().into_raw(), 4)
    } else {
        (image.to_rgb8().into_raw(), 3)
    };
    let too_large = || "the image is too large to encode as WebP".to_string();
    let width = i32::try_from(image.width()).map_err(|_| too_large())?;
    let height = i32::try_from(image.height()).map_err(|_| too_large())?;
    let stride = width.checked_mul(channels).ok_or_else(too_large)?;
    let rows = usize::try_from(height).map_err(|_| too_large())?;
    let row_bytes = usize::try_from(stride).map_err(|_| too_large())?;
    if pixels.len() != rows * row_bytes {
        return Err("cannot encode the image as WebP: unexpected pixel layout".to_string());
    }
    let q = f32::from(quality.clamp(1, 100));
    let mut out: *mut u8 = std::ptr::null_mut();
    // SAFETY: `pixels` holds `height` rows of `stride` bytes (checked above), which libwebp
    // only reads; on success it allocates the output, points `out` at it and returns its length.
    let len = unsafe {
        let encode = if alpha {
            libwebp_sys::WebPEncodeRGBA
        } else {
            libwebp_sys::WebPEncodeRGB
        };
        encode(pixels.as_ptr(), width, height, stride, q, &raw mut out)
    };
    if out.is_null() {
        return Err("cannot encode the image as WebP".to_string());
    }
    // SAFETY: libwebp wrote `len` bytes at `out` (none when it failed); the copy is taken before
    // the buffer is given back to libwebp's allocator, once.
    let bytes = unsafe {
        let bytes = std::slice::from_raw_parts(out, len).to_vec();
        libwebp_sys::WebPFree(out.cast());
        bytes
    };
    if bytes.is_empty() {
        return Err("cannot encode the image as WebP".to_string());
    }
    Ok(bytes)
}

/// Writes `bytes` to `file` in the cache folder `dir` through a temporary file, so a build that
/// stops half-way never leaves half an image under the final name.
fn write_cached(dir: &Path, file: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, file).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageEncoder;

    fn req(op: Op, width: Option<u32>, height: Option<u32>) -> Request {
        Request {
            op,
            width,
            height,
            format: None,
            quality: None,
        }
    }

    #[test]
    fn sizes_by_op() {
        let t = |r: Request| target(&r, 400, 200);
        assert_eq!(t(req(Op::Fit, Some(100), Some(100))), Ok((100, 50)));
        assert_eq!(t(req(Op::Fit, Some(1000), Some(1000))), Ok((400, 200)));
        assert_eq!(t(req(Op::Fill, Some(100), Some(100))), Ok((100, 100)));
        assert_eq!(t(req(Op::FitWidth, Some(200), None)), Ok((200, 100)));
        assert_eq!(t(req(Op::FitHeight, None, Some(50))), Ok((100, 50)));
        assert_eq!(t(req(Op::Scale, Some(10), Some(90))), Ok((10, 90)));
        assert!(t(req(Op::Fill, Some(100), None)).is_err());
    }

    #[test]
    fn processed_once_cached_and_bombs_refused() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let src = tmp.path().join("a.png");
        image::RgbImage::from_pixel(64, 32, image::Rgb([200, 10, 10]))
            .save(&src)
            .unwrap_or_else(|e| panic!("{e}"));
        let images = Images::new(tmp.path());
        let mut r = req(Op::FitWidth, Some(16), None);
        r.format = Some(ImageFormat::Jpeg);
        let out = images.resize(&src, &r).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((out.width, out.height), (16, 8));
        let cached = tmp
            .path()
            .join(CACHE_DIR)
            .join(&out.path[OUT_DIR.len() + 1..]);
        let made = std::fs::metadata(&cached).and_then(|m| m.modified()).ok();
        assert_eq!(image::image_dimensions(&cached).ok(), Some((16, 8)));
        // a second build finds it in the cache and does not write it again
        let again = Images::new(tmp.path())
            .resize(&src, &r)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, out);
        assert_eq!(
            std::fs::metadata(&cached).and_then(|m| m.modified()).ok(),
            made
        );
        // a 20000×20000 PNG header (400 megapixels) is refused before decoding
        let bomb = tmp.path().join("bomb.png");
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0u8; 3], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap_or_else(|e| panic!("{e}"));
        // IHDR's width and height, and its CRC over the chunk's type and data
        png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        std::fs::write(&bomb, &png).unwrap_or_else(|e| panic!("{e}"));
        let err = images.resize(&bomb, &r).err().unwrap_or_default();
        assert!(err.contains("20000×20000 pixels"), "{err}");
    }

    #[test]
    fn a_webp_with_a_quality_is_lossy_and_smaller_and_each_has_its_own_cache_entry() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let src = tmp.path().join("photo.png");
        // a photo-like picture: smooth gradients with fine noise, which lossless WebP keeps
        // bit for bit and lossy WebP does not
        let mut seed = 7_u32;
        let photo = image::RgbImage::from_fn(240, 160, |x, y| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let noise = u8::try_from((seed >> 16) % 24).unwrap_or(0);
            let ch = |v: u32| u8::try_from(v % 200).unwrap_or(0) + noise;
            image::Rgb([ch(x), ch(y * 2), ch(x + y)])
        });
        photo.save(&src).unwrap_or_else(|e| panic!("{e}"));
        let images = Images::new(tmp.path());
        let webp = |quality: Option<u8>| {
            let mut r = req(Op::FitWidth, Some(200), None);
            r.format = Some(ImageFormat::WebP);
            r.quality = quality;
            let out = images.resize(&src, &r).unwrap_or_else(|e| panic!("{e}"));
            let file = tmp
                .path()
                .join(CACHE_DIR)
                .join(&out.path[OUT_DIR.len() + 1..]);
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
            (out, bytes)
        };
        let (q50, small) = webp(Some(50));
        let (q95, fine) = webp(Some(95));
        let (lossless, exact) = webp(None);
        assert!(
            small.len() < fine.len() && fine.len() < exact.len(),
            "q50 {} B, q95 {} B, lossless {} B",
            small.len(),
            fine.len(),
            exact.len()
        );
        // three encodings, three files
        assert!(q50.path != q95.path && q95.path != lossless.path);
        for (bytes, kind) in [(&small, b"VP8 "), (&fine, b"VP8 "), (&exact, b"VP8L")] {
            assert_eq!(&bytes[..4], b"RIFF");
            assert_eq!(&bytes[12..16], kind, "the WebP chunk");
            let decoded = image::load_from_memory_with_format(bytes, ImageFormat::WebP)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((decoded.width(), decoded.height()), (200, 133));
        }
        assert_eq!((q50.width, q50.height), (200, 133));
        // the lossless one is the picture as it was resized, the lossy one is not
        let resized = fitted(&DynamicImage::ImageRgb8(photo), Op::FitWidth, 200, 133).to_rgb8();
        let back = |b: &[u8]| {
            image::load_from_memory_with_format(b, ImageFormat::WebP)
                .map_or_else(|e| panic!("{e}"), |i| i.to_rgb8())
        };
        assert!(back(&exact) == resized);
        assert!(back(&small) != resized);
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
