{
  p =
    rust.platform or (if c then lib.importJSON rust.rustcTargetSpec else { })

    # Once args.rustc.platform.target-family is deprecated
    // {
      arch = 1;
    };
}
