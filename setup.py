"""Ship the top-level clauses/ and rules/ folders inside the installed package.

The repository keeps them at the top level (where drafters edit them); a wheel copies them
into ``agreement_builder/_data/`` so a non-editable install works from any directory.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
DATA_DIRS = ("clauses", "rules")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the folders from the source tree
        for name in DATA_DIRS:
            target = Path(self.build_lib) / "agreement_builder" / "_data" / name
            shutil.copytree(HERE / name, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithData})
