{
  description = "Bitpoll, a web application for scheduling meetings and general polling";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "riscv64-linux"
      ];
      # Calls `f system pkgs` for every supported system.
      forAllSystems = f: lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});
    in
    {
      # Adds `pkgs.bitpoll`, and Bitpoll's missing Python packages to every Python package set.
      overlays.default = final: prev: {
        bitpoll = final.callPackage ./nix/package.nix { };
        pythonPackagesExtensions = prev.pythonPackagesExtensions ++ [ (import ./nix/python-overlay.nix) ];
      };

      packages = forAllSystems (
        system: pkgs:
        {
          bitpoll = pkgs.callPackage ./nix/package.nix { };
          default = self.packages.${system}.bitpoll;
        }
        // lib.optionalAttrs pkgs.stdenv.hostPlatform.isLinux {
          # An OCI image (`nix build .#oci-image && podman load < result`); see container/.
          oci-image = import ./nix/oci-image.nix {
            inherit pkgs;
            package = self.packages.${system}.bitpoll;
          };
        }
      );

      apps = forAllSystems (
        system: _pkgs:
        let
          bitpoll = self.packages.${system}.bitpoll;
        in
        {
          default = self.apps.${system}.bitpoll-server;
          bitpoll-manage = {
            type = "app";
            program = lib.getExe' bitpoll "bitpoll-manage";
            meta.description = "Run Bitpoll's manage.py";
          };
          bitpoll-server = {
            type = "app";
            program = lib.getExe' bitpoll "bitpoll-server";
            meta.description = "Serve Bitpoll over WSGI";
          };
        }
      );

      nixosModules = {
        # The module, with this flake's package (built with this flake's pinned nixpkgs, the
        # combination `nix flake check` tests) as the default of `services.bitpoll.package`.
        bitpoll = { pkgs, ... }: {
          imports = [ ./nix/module.nix ];
          services.bitpoll.package = lib.mkDefault self.packages.${pkgs.stdenv.hostPlatform.system}.bitpoll;
        };
        default = self.nixosModules.bitpoll;
      };

      checks = forAllSystems (
        system: pkgs:
        {
          package = self.packages.${system}.bitpoll;
        }
        // lib.optionalAttrs pkgs.stdenv.hostPlatform.isLinux {
          # Boots a VM with the module (pkgs.testers.runNixOSTest); needs KVM.
          vm-test = import ./nix/vm-test.nix {
            inherit pkgs;
            module = self.nixosModules.default;
            package = self.packages.${system}.bitpoll;
          };
        }
      );

      devShells = forAllSystems (
        system: pkgs: {
          default = pkgs.mkShell {
            packages = [
              self.packages.${system}.bitpoll.pythonEnv
              pkgs.gettext
            ];
          };
        }
      );

      # `nix fmt` formats the whole tree with the official nixfmt.
      formatter = forAllSystems (_system: pkgs: pkgs.nixfmt-tree);
    };
}
